package com.chatcrm.language;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slots read from every line before its intent is known — @mentions, a phone number, an amount
 * and the time expressions — so that the keyword and customer rules never see them.
 */
final class CommonSlots {

  private static final Pattern MILLION = Pattern.compile("(\\d+(?:\\.\\d+)?)百万");

  private static final Pattern MENTION =
      Pattern.compile("(?<![A-Za-z0-9._%+-])[@]([^\\s@,.;:!?。、]{1,12})");
  // wang@bohai.com is an e-mail address, not an @mention
  private static final Pattern MOBILE =
      Pattern.compile("(?<![\\d])(?:\\+?86[-\\s]?)?1[3-9]\\d(?:[-\\s]?\\d{4}){2}(?![\\d])");
  private static final Pattern LANDLINE = Pattern.compile("(?<![\\d])0\\d{2,3}-\\d{7,8}(?![\\d])");

  /** 大概3.5万, 50万左右: how sure the amount is belongs to it, not to the deal's name. */
  private static final Pattern ABOUT = Pattern.compile("(大概|大约|约莫|差不多|估计|(?<!\\p{IsHan})约)\\s*$");

  private static final Pattern AROUND = Pattern.compile("\\s*(左右|上下|出头)");
  private static final Pattern COMPOUND_SURNAME = Pattern.compile("欧阳|司马|诸葛|上官|东方|慕容|令狐|皇甫|公孙|夏侯");

  private static final Pattern BEFORE = Pattern.compile("\\s*(?:之前|以前|前(?!天))");

  private static final Screen DIGITS = Screen.anyOf("0123456789");

  /** Every amount has a unit: 亿 万 w k 千 元 块 (百万 too). */
  private static final Screen UNITS = Screen.anyOf("亿万wWkK千元块");

  private CommonSlots() {}

  /** Everything this class reads, in the order the parser relies on. */
  static void read(ParseRun r) {
    mentions(r);
    phones(r);
    amounts(r);
    RepeatSlots.read(r);
    times(r);
  }

  static void mentions(ParseRun r) {
    Matcher m = MENTION.matcher(r.text);
    while (m.find()) {
      String name = m.group(1);
      int end = m.end();
      boolean spaced = end >= r.text.length() || !Character.isLetterOrDigit(r.text.charAt(end));
      if (!spaced || name.codePoints().filter(Character::isIdeographic).count() > 4) {
        name = chineseName(name);
        end = m.start(1) + name.length();
      }
      r.mentions.add(name);
      r.use(m.start(), end);
    }
  }

  /**
   * @李四帮忙看下 → 李四: a Chinese name is two or three characters, and the third is rarely a verb.
   */
  static String chineseName(String run) {
    if (!run.codePoints().allMatch(Character::isIdeographic) || run.length() <= 2) {
      return run;
    }
    if (COMPOUND_SURNAME.matcher(run).lookingAt()) {
      // 欧阳娜娜: a two-character surname and a one- or two-character given name
      return run.substring(0, Math.min(run.length(), 4));
    }
    if (run.length() >= 3
        && "帮看跟你请去把给和的说再也一来负处过".indexOf(run.charAt(2)) < 0
        && (run.length() == 3 || "帮看跟你请去把给和的说再也一来负处过".indexOf(run.charAt(3)) >= 0)) {
      return run.substring(0, 3);
    }
    return run.substring(0, 2);
  }

  static void phones(ParseRun r) {
    if (!DIGITS.admits(r.text)) {
      return;
    }
    for (Pattern p : List.of(MOBILE, LANDLINE)) {
      Matcher m = p.matcher(r.text);
      while (m.find()) {
        if (r.isUsed(m.start(), m.end())) {
          continue;
        }
        if (r.phone == null) {
          String digits = m.group().replaceAll("[^\\d]", "");
          r.phone =
              p == MOBILE && digits.length() > 11
                  ? digits.substring(digits.length() - 11)
                  : p == LANDLINE ? m.group() : digits;
        }
        r.use(m.start(), m.end());
      }
    }
  }

  static void amounts(ParseRun r) {
    if (!UNITS.admits(r.text)) {
      return;
    }
    Matcher m = Amounts.matcher(r.text);
    while (m.find()) {
      String number = m.group(1);
      String unit = m.group(2);
      boolean digits = number.chars().allMatch(c -> Character.isDigit(c) || c == '.');
      if (!digits
          && (unit.startsWith("元")
              || unit.startsWith("块")
              || unit.equalsIgnoreCase("w")
              || unit.equalsIgnoreCase("k"))) {
        continue;
      }
      if (r.isUsed(m.start(), m.end())) {
        continue;
      }
      r.amount = Amounts.value(number, unit);
      r.amountStart = m.start();
      r.amountEnd = m.end();
      negative(r);
      approximate(r);
      return;
    }
    Matcher million = MILLION.matcher(r.text);
    if (million.find()) {
      r.amount =
          new BigDecimal(million.group(1)).multiply(new BigDecimal("1000000")).stripTrailingZeros();
      if (r.amount.scale() < 0) {
        r.amount = r.amount.setScale(0);
      }
      r.amountStart = million.start();
      r.amountEnd = million.end();
      negative(r);
    }
  }

  /**
   * -45万 / 负45万: kept negative, so the caller refuses it rather than storing 45万 (a dash after a
   * word or a digit is a range or a separator, not a sign).
   */
  private static void approximate(ParseRun r) {
    Matcher before = ABOUT.matcher(r.text.substring(0, r.amountStart));
    if (before.find()) {
      r.amountStart = before.start();
    }
    Matcher after = AROUND.matcher(r.text).region(r.amountEnd, r.text.length());
    if (after.lookingAt()) {
      r.amountEnd = after.end();
    }
  }

  private static void negative(ParseRun r) {
    int at = r.amountStart - 1;
    if (at < 0 || "-−负".indexOf(r.text.charAt(at)) < 0) {
      return;
    }
    char before = at > 0 ? r.text.charAt(at - 1) : ' ';
    // 30-45万 / A-45万 are ranges and codes; 改成-45万 is a sign
    if ((Character.isDigit(before) || before < 128 && Character.isLetter(before))
        && r.text.charAt(at) != '负') {
      return;
    }
    r.amount = r.amount.negate();
    r.amountStart = at;
  }

  /**
   * A past time is the day something happened ({@code date}); the first future one is {@code due}.
   */
  static void times(ParseRun r) {
    String masked = r.masked();
    LocalDateTime local = r.now.toLocalDateTime();
    for (TimeExpressions.Hit hit : TimeExpressions.find(masked, local)) {
      r.use(hit.start(), hit.end());
      OffsetDateTime value = hit.value().atZone(r.now.getZone()).toOffsetDateTime();
      boolean past = hit.value().isBefore(local.minusMinutes(1));
      boolean today = hit.value().toLocalDate().equals(local.toLocalDate());
      if (past || (today && !hit.explicitClock() && hit.text().matches("今天|今日"))) {
        if (r.date == null) {
          r.date = hit.value().toLocalDate();
        }
        if (r.due == null && today && !hit.explicitClock()) {
          // 今天 alone: the day, and for a reminder "later today"
          r.dateOnlyToday = value;
        }
      } else if (r.due == null) {
        r.due = value;
        r.dueStart = hit.start();
        r.dueEnd = hit.end();
        // 周五前 / 月底之前: a deadline is due that day; the 前 is part of the time
        Matcher before = BEFORE.matcher(r.text).region(hit.end(), r.text.length());
        if (before.lookingAt()) {
          r.use(before.start(), before.end());
          r.dueEnd = before.end();
        }
      } else if (r.date == null) {
        r.date = hit.value().toLocalDate();
        r.laterHit = hit;
      }
    }
  }
}
