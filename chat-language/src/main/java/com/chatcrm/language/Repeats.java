package com.chatcrm.language;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;

/** When a repeating reminder ({@link ParsedCommand#repeat()}) falls due next. */
public final class Repeats {

  private Repeats() {}

  /**
   * The next time of a repeat after {@code after}, at {@code clock}: the first one of a new
   * reminder, and the one after a repeating reminder fired.
   *
   * @param repeat {@code daily}, {@code weekdays}, {@code weekly:1}..{@code weekly:7} (Monday = 1),
   *     {@code monthly:1}..{@code monthly:31} (past a month's end: its last day), {@code
   *     monthly:last}
   */
  public static LocalDateTime next(String repeat, LocalTime clock, LocalDateTime after) {
    LocalDate day = after.toLocalDate();
    for (int i = 0; i < 400; i++, day = day.plusDays(1)) {
      LocalDateTime at = day.atTime(clock);
      if (at.isAfter(after) && fits(repeat, day)) {
        return at;
      }
    }
    return after.toLocalDate().plusDays(1).atTime(clock);
  }

  private static boolean fits(String repeat, LocalDate day) {
    if (repeat.equals("daily")) {
      return true;
    }
    if (repeat.equals("weekdays")) {
      return day.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue();
    }
    String n = repeat.substring(repeat.indexOf(':') + 1);
    if (repeat.startsWith("weekly:")) {
      return day.getDayOfWeek().getValue() == Integer.parseInt(n);
    }
    LocalDate last = day.with(TemporalAdjusters.lastDayOfMonth());
    // monthly:31 in a 30-day month falls on its last day
    return n.equals("last")
        ? day.equals(last)
        : day.getDayOfMonth() == Math.min(Integer.parseInt(n), last.getDayOfMonth());
  }
}
