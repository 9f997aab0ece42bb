package com.chatcrm.language;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a deal should close, said at the start of some words: 下个月 (the end of next month), 年底, 下季度,
 * 明年, or a day (12月15日; a day already past this year means next year's).
 */
final class CloseDates {

  /** The day, and where its words end in the text read. */
  record Found(LocalDate date, int end) {}

  private static final Pattern PERIOD = Pattern.compile("^\\s*(下个?月|本月|这个月|月底|月末|年底|年末|今年|下季度|明年)");

  /** 明年3月, 1月份, 今年12月底: a month without a day closes on its last day. */
  private static final Pattern MONTH =
      Pattern.compile(
          "^\\s*(今年|明年|后年)?\\s*(1[0-2]|0?[1-9]|[一二三四五六七八九十]|十[一二])月(?:份|底|末)?(?!\\s*\\d|[一二三四五六七八九十])");

  /** 明年Q1, 第三季度: a quarter closes on its last day. */
  private static final Pattern QUARTER =
      Pattern.compile("^\\s*(今年|明年)?\\s*(?:[Qq]([1-4])|第?([一二三四])季度)");

  private static final String MONTH_WORDS = "一二三四五六七八九十";

  private CloseDates() {}

  /** The close date the text starts with, or null. */
  static Found at(String text, LocalDateTime now) {
    LocalDate today = now.toLocalDate();
    Matcher quarter = QUARTER.matcher(text);
    if (quarter.find()) {
      String q = quarter.group(2) != null ? quarter.group(2) : quarter.group(3);
      int n = q.matches("\\d") ? Integer.parseInt(q) : MONTH_WORDS.indexOf(q) + 1;
      int y = today.getYear() + ("明年".equals(quarter.group(1)) ? 1 : 0);
      return new Found(
          LocalDate.of(y, n * 3, 1).with(TemporalAdjusters.lastDayOfMonth()), quarter.end());
    }
    Matcher month = MONTH.matcher(text);
    if (month.find()) {
      String m = month.group(2);
      int n =
          m.matches("\\d+")
              ? Integer.parseInt(m)
              : m.length() == 1
                  ? MONTH_WORDS.indexOf(m) + 1
                  : 10 + MONTH_WORDS.indexOf(m.charAt(1)) + 1;
      String year = month.group(1);
      int y =
          today.getYear() + (year == null ? 0 : year.equals("明年") ? 1 : year.equals("后年") ? 2 : 0);
      LocalDate d = LocalDate.of(y, n, 1).with(TemporalAdjusters.lastDayOfMonth());
      // 改到1月份 in November: the month ahead, next year's
      return new Found(year == null && d.isBefore(today) ? d.plusYears(1) : d, month.end());
    }
    Matcher period = PERIOD.matcher(text);
    if (period.find()) {
      LocalDate d =
          switch (period.group(1)) {
            case "下个月", "下月" -> today.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth());
            case "年底", "年末", "今年" -> today.with(TemporalAdjusters.lastDayOfYear());
            case "明年" -> today.plusYears(1).with(TemporalAdjusters.lastDayOfYear());
            case "下季度" ->
                today
                    .plusMonths(3 - (today.getMonthValue() - 1) % 3 + 2)
                    .with(TemporalAdjusters.lastDayOfMonth());
            default -> today.with(TemporalAdjusters.lastDayOfMonth());
          };
      return new Found(d, period.end());
    }
    List<TimeExpressions.Hit> hits = TimeExpressions.find(text, now);
    if (hits.isEmpty() || !text.substring(0, hits.get(0).start()).isBlank()) {
      return null;
    }
    LocalDate day = hits.get(0).value().toLocalDate();
    // 改到1月15日 in November: a close date ahead, next year's
    boolean past = day.isBefore(today) && !hits.get(0).text().contains("年");
    return new Found(past ? day.plusYears(1) : day, hits.get(0).end());
  }
}
