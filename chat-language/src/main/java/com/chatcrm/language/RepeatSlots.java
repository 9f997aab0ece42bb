package com.chatcrm.language;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a reminder repeats — 每天, 每个工作日, 每周一, 每月15号, 每月底 — and its first time: the next such moment
 * after the message, at the clock time said (09:00 when none). Read before the one-off times, whose
 * 周一 would otherwise be this week's, already past.
 */
final class RepeatSlots {

  private static final String DAY_OF_WEEK = "[一二三四五六日天1-7]";
  private static final Pattern REPEAT =
      Pattern.compile(
          "(?:每个?工作日|工作日每天|(?:每周|每个?星期|每个?礼拜)("
              + DAY_OF_WEEK
              + ")"
              + "|每个?月(?:的)?月?(底|末|最后一天|(\\d{1,2}|[一二三四五六七八九十]{1,3})[号日])"
              + "|每天|每日|(?<![今明昨后前每])天天|每晚|每早)");

  /** Each repeat holds 每, or 天 (天天). */
  private static final Screen REPEAT_CHARS = Screen.anyOf("每天");

  private RepeatSlots() {}

  static void read(ParseRun r) {
    String masked = r.masked();
    if (!REPEAT_CHARS.admits(masked)) {
      return;
    }
    Matcher m = REPEAT.matcher(masked);
    if (!m.find()) {
      return;
    }
    String repeat = repeatOf(m);
    LocalTime clock = LocalTime.of(9, 0);
    int end = m.end();
    String word = m.group();
    if (word.equals("每晚")) {
      clock = LocalTime.of(19, 0);
    }
    List<TimeExpressions.Hit> hits =
        TimeExpressions.find(r.masked().substring(m.end()), r.now.toLocalDateTime());
    if (!hits.isEmpty() && r.masked().substring(m.end(), m.end() + hits.get(0).start()).isBlank()) {
      // 每周一上午9点: the clock time of every one
      clock = hits.get(0).value().toLocalTime();
      end = m.end() + hits.get(0).end();
    }
    r.repeat = repeat;
    LocalDateTime first = first(repeat, clock, r.now.toLocalDateTime());
    r.due = first.atZone(r.now.getZone()).toOffsetDateTime();
    r.dueStart = m.start();
    r.dueEnd = end;
    r.use(m.start(), end);
  }

  private static String repeatOf(Matcher m) {
    String w = m.group();
    if (w.contains("工作日")) {
      return "weekdays";
    }
    if (m.group(1) != null) {
      return "weekly:"
          + (" 一二三四五六日".indexOf(m.group(1)) > 0
              ? " 一二三四五六日".indexOf(m.group(1))
              : m.group(1).equals("天") ? 7 : Integer.parseInt(m.group(1)));
    }
    if (m.group(3) != null) {
      return "monthly:" + Math.min(31, TimeExpressions.number(m.group(3)));
    }
    if (m.group(2) != null) {
      return "monthly:last";
    }
    return "daily";
  }

  /** The first time of a repeat after {@code now}. */
  static LocalDateTime first(String repeat, LocalTime clock, LocalDateTime now) {
    return Repeats.next(repeat, clock, now);
  }
}
