package com.chatcrm.language;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Money as reps type it — 50万, 3.5万, 200w, 1.2亿, 八十万, 30万元, 5000元, 50k — to exact yuan. */
final class Amounts {

  static final Pattern AMOUNT =
      Pattern.compile(
          "(?<![\\d.])(\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百千]+)\\s*(亿元|亿|万元|万|[wW](?![A-Za-z])|[kK](?![A-Za-z])|千元|千|元|块钱|块)");

  private Amounts() {}

  /** The number and unit as found: {@code 45万} → 450000. */
  static BigDecimal value(String number, String unit) {
    BigDecimal n =
        number.chars().allMatch(c -> Character.isDigit(c) || c == '.')
            ? new BigDecimal(number)
            : BigDecimal.valueOf(chinese(number));
    BigDecimal factor =
        switch (unit.toLowerCase(java.util.Locale.ROOT)) {
          case "亿", "亿元" -> new BigDecimal("100000000");
          case "万", "万元", "w" -> new BigDecimal("10000");
          case "k", "千", "千元" -> new BigDecimal("1000");
          default -> BigDecimal.ONE;
        };
    BigDecimal v = n.multiply(factor);
    return v.scale() > 0
        ? v.stripTrailingZeros().setScale(Math.max(0, Math.min(2, v.stripTrailingZeros().scale())))
        : v;
  }

  static Matcher matcher(String text) {
    return AMOUNT.matcher(text);
  }

  /** 八十 → 80, 三千五百 → 3500, 十二 → 12. */
  static long chinese(String s) {
    long total = 0;
    long digit = 0;
    for (char ch : s.toCharArray()) {
      int d = "零一二三四五六七八九".indexOf(ch);
      if (ch == '两') {
        d = 2;
      }
      if (d >= 0) {
        digit = d;
        continue;
      }
      long unit =
          switch (ch) {
            case '十' -> 10;
            case '百' -> 100;
            case '千' -> 1000;
            default -> 1;
          };
      total += (digit == 0 && unit == 10 ? 1 : digit) * unit;
      digit = 0;
    }
    return total + digit;
  }
}
