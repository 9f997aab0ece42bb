package com.chatcrm.engine.reminder;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The calendar of a repeating reminder, in the tenant's time zone: the anchor (the series' first
 * due time) fixes the local time of day, the weekday and the day of the month.
 */
public final class RepeatSchedule {

  private RepeatSchedule() {}

  /**
   * The first occurrence of the series strictly after {@code after}; empty for {@link
   * RepeatRule#NONE}. Occurrences missed while nobody was looking are skipped, not replayed: a
   * daily reminder done three days late comes back tomorrow, once. Weekdays skip Saturday and
   * Sunday; a monthly anchor on the 31st falls on the last day of shorter months and returns to the
   * 31st when the month has one; month end is the last day of every month.
   */
  public static Optional<Instant> next(RepeatRule rule, ZonedDateTime anchor, Instant after) {
    if (!rule.repeats()) {
      return Optional.empty();
    }
    ZoneId zone = anchor.getZone();
    LocalTime time = anchor.toLocalTime();
    LocalDate afterDay = after.atZone(zone).toLocalDate();
    LocalDate day = afterDay.isAfter(anchor.toLocalDate()) ? afterDay : anchor.toLocalDate();
    if (rule == RepeatRule.MONTHLY) {
      return Optional.of(nextMonthly(anchor, YearMonth.from(day), after));
    }
    if (rule == RepeatRule.MONTH_END) {
      return Optional.of(nextMonthEnd(anchor, YearMonth.from(day), after));
    }
    // Each pass moves one day ahead, so at most a week of candidates is ever tried.
    while (true) {
      if (matches(rule, anchor, day)) {
        Instant candidate = ZonedDateTime.of(day, time, zone).toInstant();
        if (candidate.isAfter(after)) {
          return Optional.of(candidate);
        }
      }
      day = day.plusDays(1);
    }
  }

  private static boolean matches(RepeatRule rule, ZonedDateTime anchor, LocalDate day) {
    return switch (rule) {
      case DAILY -> true;
      case WEEKDAYS ->
          day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
      case WEEKLY -> day.getDayOfWeek() == anchor.getDayOfWeek();
      default -> throw new IllegalArgumentException(rule.code());
    };
  }

  private static Instant nextMonthEnd(ZonedDateTime anchor, YearMonth from, Instant after) {
    YearMonth month = from;
    while (true) {
      Instant candidate =
          ZonedDateTime.of(month.atEndOfMonth(), anchor.toLocalTime(), anchor.getZone())
              .toInstant();
      if (candidate.isAfter(after)) {
        return candidate;
      }
      month = month.plusMonths(1);
    }
  }

  private static Instant nextMonthly(ZonedDateTime anchor, YearMonth from, Instant after) {
    YearMonth month = from;
    while (true) {
      LocalDate day = month.atDay(Math.min(anchor.getDayOfMonth(), month.lengthOfMonth()));
      if (!day.isBefore(anchor.toLocalDate())) {
        Instant candidate =
            ZonedDateTime.of(day, anchor.toLocalTime(), anchor.getZone()).toInstant();
        if (candidate.isAfter(after)) {
          return candidate;
        }
      }
      month = month.plusMonths(1);
    }
  }
}
