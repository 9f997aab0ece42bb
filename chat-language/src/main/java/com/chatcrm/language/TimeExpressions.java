package com.chatcrm.language;

import com.xkzhangsan.time.nlp.TimeNLP;
import com.xkzhangsan.time.nlp.TimeNLPUtil;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chinese time expressions (明天下午3点, 下周一, 3天后, 12月5日, 月底) found in a line and resolved relative to
 * the message time. Dates come from xk-time's {@link TimeNLPUtil}, always given an explicit time
 * base so that neither the JVM clock nor its default zone leak in; the clock time of day is ours,
 * because the sales-team defaults differ from the library's (下午 is 14:00, a bare 3点 is 15:00) and
 * the library splits "周五 10:00" in two and does not know 月底.
 */
public final class TimeExpressions {

  /** One time expression: where it sits in the text and what it means. */
  public record Hit(int start, int end, String text, LocalDateTime value, boolean explicitClock) {}

  private static final String NUM = "(?:\\d{1,4}|[零一二两三四五六七八九十]{1,3})";
  private static final String PART = "(?:下班(?:之前|以前|前)|上午|早上|早晨|中午|下午|傍晚|晚上|凌晨)";
  private static final String DAY = "(?:大后天|后天|明天|今天|昨天|前天|明早|明晚|今早|今晚|昨晚|明日|今日)";
  private static final String WEEK =
      "(?:(?:本|这|下下|(?<!一)下|上)?个?(?:周|星期|礼拜)[一二三四五六日天1-7]|下下周|(?<!一)下周(?![报会])|本周(?![报会])|这周(?![报会])|上周(?![报会]))";
  private static final String REL =
      "(?:" + NUM + "个?半?(?:天|周|星期|个月|小时|钟头|分钟)|半个?(?:小时|钟头)|一刻钟)(?:后|之后|以后)";
  private static final String DATE =
      "(?:(?:\\d{4}年)?"
          + NUM
          + "月"
          + NUM
          + "[日号]?|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{4}/\\d{1,2}/\\d{1,2}"
          + "|(?:下个?月|本月|这个月)"
          + NUM
          + "[日号]|(?<![\\d月])"
          + NUM
          + "号)";
  private static final String END = "(?:(?:本|这个|下个?|" + NUM + ")?月(?:底|末|初)|年底|年末)";
  private static final String CLOCK =
      "(?:" + PART + "?" + NUM + "(?:点钟?|:)(?:\\d{1,2}分?|半|一刻|三刻)?(?!\\d)|" + PART + ")";
  private static final String TOKEN =
      "(?:" + END + "|" + DAY + "|" + WEEK + "|" + REL + "|" + DATE + "|" + CLOCK + ")";
  private static final Pattern TOKEN_P = Pattern.compile(TOKEN);
  private static final Pattern END_P = Pattern.compile(END);
  private static final Pattern REL_P = Pattern.compile(REL);
  private static final Pattern DAY_P = Pattern.compile(DAY);
  private static final Pattern WEEK_P = Pattern.compile(WEEK);
  private static final Pattern DATE_P = Pattern.compile(DATE);
  private static final Pattern CLOCK_REL = Pattern.compile(".*(小时|钟头|分钟|一刻钟).*");
  private static final Pattern ONE_OR_TWO = Pattern.compile("[一两]点");
  private static final Pattern MONTH = Pattern.compile("(" + NUM + ")月");

  /**
   * Every token holds one of these: 月底 年底, 明天 明早 今晚 明日, 周 星期 礼拜, 3天后, 12月5日 2026-12-05 2026/12/05
   * 5号, 3点 10:30, 下班前 下午 早上 晚上 凌晨.
   */
  private static final Screen TOKEN_CHARS = Screen.anyOf("月年天早晚日周期拜后-/号点:前午晨");

  private static final Pattern SPAN = Pattern.compile(TOKEN + "(?:[\\s,]*" + TOKEN + ")*");
  private static final Pattern CLOCK_P =
      Pattern.compile("(" + PART + ")?(" + NUM + ")?(?:点钟?|:)?(\\d{1,2}|半|一刻|三刻)?分?");
  private static final DateTimeFormatter BASE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

  private TimeExpressions() {}

  /** Every time expression of the (normalised) text, in order, resolved against {@code now}. */
  public static List<Hit> find(String text, LocalDateTime now) {
    List<Hit> hits = new ArrayList<>();
    if (!TOKEN_CHARS.admits(text)) {
      return hits;
    }
    Matcher m = SPAN.matcher(text);
    while (m.find()) {
      String span = m.group().strip();
      Resolved r = resolve(span, now);
      if (r != null) {
        int start = m.start();
        hits.add(
            new Hit(
                start, start + m.group().stripTrailing().length(), span, r.value, r.explicitClock));
      }
    }
    return hits;
  }

  private record Resolved(LocalDateTime value, boolean explicitClock) {}

  private static Resolved resolve(String span, LocalDateTime now) {
    StringBuilder dateText = new StringBuilder();
    String clockText = null;
    String end = null;
    String part = null;
    boolean relativeClock = false;
    Matcher t = TOKEN_P.matcher(span);
    while (t.find()) {
      String tok = t.group();
      if (END_P.matcher(tok).matches()) {
        end = tok;
      } else if (REL_P.matcher(tok).matches()) {
        if (CLOCK_REL.matcher(tok).matches()) {
          relativeClock = true;
        }
        dateText.append(tok);
      } else if (DAY_P.matcher(tok).matches()
          || WEEK_P.matcher(tok).matches()
          || DATE_P.matcher(tok).matches()) {
        dateText.append(tok);
        if (tok.endsWith("早")) {
          part = "上午";
        } else if (tok.endsWith("晚")) {
          part = "晚上";
        }
      } else {
        clockText = tok;
      }
    }
    // a lone 一点 / 两点 is far more often "a little" than one o'clock
    if (dateText.isEmpty()
        && end == null
        && clockText != null
        && ONE_OR_TWO.matcher(clockText).matches()) {
      return null;
    }
    if (relativeClock) {
      // the library counts hours and minutes from the JVM's own clock and zone: count them here
      LocalDateTime v = afterHoursOrMinutes(dateText.toString(), now);
      // to the nearest minute: cut down, 1分钟后 typed at :50 fell due ten seconds later
      return v == null ? null : new Resolved(v.plusSeconds(30).withSecond(0).withNano(0), true);
    }
    LocalDate date;
    if (end != null) {
      date = endOf(end, now.toLocalDate());
      if (date == null) {
        return null;
      }
    } else if (!dateText.isEmpty()) {
      LocalDateTime v = library(dateText.toString(), now);
      if (v == null) {
        return null;
      }
      date = v.toLocalDate();
    } else {
      date = null;
    }
    LocalTime clock = null;
    boolean explicit = false;
    if (clockText != null) {
      Matcher c = CLOCK_P.matcher(clockText);
      if (c.matches()) {
        if (c.group(1) != null) {
          part = c.group(1);
        }
        Integer hour = c.group(2) == null ? null : number(c.group(2));
        int minute = minutes(c.group(3));
        if (hour != null) {
          if (hour > 24 || minute > 59) {
            return null;
          }
          clock = LocalTime.of(hourOfDay(hour, part) % 24, minute);
          explicit = true;
        }
      }
    }
    if (clock == null && part != null) {
      clock = defaultFor(part);
      explicit = true;
    }
    if (date == null) {
      if (clock == null) {
        return null;
      }
      // a clock time alone is today's; a reminder questions it when that has passed
      date = now.toLocalDate();
    }
    return new Resolved(date.atTime(clock == null ? LocalTime.of(9, 0) : clock), explicit);
  }

  /** The date of the library's first result for a date expression, or null when it has none. */
  private static LocalDateTime library(String expression, LocalDateTime now) {
    List<TimeNLP> results;
    try {
      results = TimeNLPUtil.parse(expression.replace("礼拜", "周"), now.format(BASE));
    } catch (RuntimeException e) {
      return null;
    }
    if (results == null) {
      return null;
    }
    for (TimeNLP r : results) {
      LocalDateTime v = r.getLocalDateTime();
      // the library answers 1970 for what it does not know
      if (v != null && v.getYear() > 1970) {
        return v;
      }
    }
    return null;
  }

  private static final Pattern HOURS_MINUTES =
      Pattern.compile("(?:(" + NUM + ")个?(半)?|(半)个?)(小时|钟头|分钟)|(一刻钟)");

  /** 两小时后, 1个半小时后, 半小时后, 30分钟后, 一刻钟后. */
  private static LocalDateTime afterHoursOrMinutes(String expression, LocalDateTime now) {
    Matcher m = HOURS_MINUTES.matcher(expression);
    if (!m.find()) {
      return null;
    }
    if (m.group(5) != null) {
      return now.plusMinutes(15);
    }
    long whole = m.group(1) == null ? 0 : number(m.group(1));
    boolean half = m.group(2) != null || m.group(3) != null;
    return m.group(4).equals("分钟")
        ? now.plusMinutes(whole)
        : now.plusMinutes(whole * 60 + (half ? 30 : 0));
  }

  private static LocalDate endOf(String end, LocalDate today) {
    Matcher named = MONTH.matcher(end);
    if (named.lookingAt()) {
      int m = number(named.group(1));
      if (m < 1 || m > 12) {
        return null;
      }
      // 12月底 said in November is this year's; 3月底 said in November is next year's
      LocalDate first = LocalDate.of(today.getYear(), m, 1);
      if (first.with(TemporalAdjusters.lastDayOfMonth()).isBefore(today)) {
        first = first.plusYears(1);
      }
      return end.endsWith("初") ? first : first.with(TemporalAdjusters.lastDayOfMonth());
    }
    LocalDate month = end.startsWith("下") ? today.plusMonths(1) : today;
    if (end.startsWith("年")) {
      return today.with(TemporalAdjusters.lastDayOfYear());
    }
    if (end.endsWith("初")) {
      // 月初 said late in a month means the next one
      LocalDate first =
          (end.startsWith("下") || today.getDayOfMonth() > 5 ? today.plusMonths(1) : today)
              .withDayOfMonth(1);
      return first;
    }
    return month.with(TemporalAdjusters.lastDayOfMonth());
  }

  private static int hourOfDay(int hour, String part) {
    if (part == null) {
      // 3点 in a sales team's day is 15:00; nobody books a customer at 03:00
      return hour >= 1 && hour <= 7 ? hour + 12 : hour;
    }
    return switch (part) {
      case "下午", "傍晚", "晚上", "下班前", "下班之前", "下班以前" -> hour < 12 ? hour + 12 : hour;
      case "中午" -> hour <= 3 ? hour + 12 : hour;
      default -> hour;
    };
  }

  private static LocalTime defaultFor(String part) {
    return switch (part) {
      case "中午" -> LocalTime.of(12, 0);
      // 下班前: late afternoon, before people leave
      case "下班前", "下班之前", "下班以前" -> LocalTime.of(17, 30);
      case "下午" -> LocalTime.of(14, 0);
      case "傍晚" -> LocalTime.of(18, 0);
      case "晚上" -> LocalTime.of(19, 0);
      case "凌晨" -> LocalTime.of(6, 0);
      default -> LocalTime.of(9, 0);
    };
  }

  private static int minutes(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    return switch (s) {
      case "半" -> 30;
      case "一刻" -> 15;
      case "三刻" -> 45;
      default -> Integer.parseInt(s);
    };
  }

  /** 0-9999 in Arabic digits or simple Chinese numerals (十二, 二十三, 两). */
  static int number(String s) {
    if (s.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(s);
    }
    int total = 0;
    int digit = 0;
    for (char ch : s.toCharArray()) {
      int d = "零一二三四五六七八九".indexOf(ch);
      if (ch == '两') {
        d = 2;
      }
      if (d >= 0) {
        digit = d;
      } else if (ch == '十') {
        total += (digit == 0 ? 1 : digit) * 10;
        digit = 0;
      }
    }
    return total + digit;
  }
}
