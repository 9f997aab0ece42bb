package com.chatcrm.engine.input;

import com.chatcrm.engine.error.InvalidInput;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dates a user may give (expected close dates, reminder and follow-up times, report months):
 * years 2000 to 2099. A fixed range, not one relative to today, so that the same input is refused
 * or accepted on every day and every node; it is wide enough for any real sale or reminder and
 * refuses what only a probe sends (0000-01-01, 9999-12-31, +10000), which PostgreSQL and the
 * clients' date pickers handle differently or not at all.
 */
public final class DateBounds {

  /** The first day accepted. */
  public static final LocalDate FIRST = LocalDate.of(2000, 1, 1);

  /** The first day no longer accepted. */
  public static final LocalDate END = LocalDate.of(2100, 1, 1);

  private static final Instant FIRST_INSTANT =
      FIRST.atStartOfDay(ZoneOffset.ofHours(14)).toInstant();
  private static final Instant END_INSTANT = END.atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();

  private DateBounds() {}

  /**
   * The day unchanged (null stays null); refuses one outside the range as invalid {@code field}.
   */
  public static LocalDate refuse(String field, LocalDate day) {
    if (day != null && (day.isBefore(FIRST) || !day.isBefore(END))) {
      throw refusal(field);
    }
    return day;
  }

  /**
   * The time unchanged (null stays null); refuses one outside the range in every time zone as
   * invalid {@code field}.
   */
  public static Instant refuse(String field, Instant time) {
    if (time != null && !within(time)) {
      throw refusal(field);
    }
    return time;
  }

  /**
   * Whether the time falls inside the range in some time zone (whatever the user's zone, its date
   * is accepted).
   */
  public static boolean within(Instant time) {
    return !time.isBefore(FIRST_INSTANT) && time.isBefore(END_INSTANT);
  }

  /** The refusal of {@code field} for a date out of range. */
  public static InvalidInput refusal(String field) {
    return InvalidInput.field(
        field, "日期应在 " + FIRST.getYear() + " 年到 " + (END.getYear() - 1) + " 年之间");
  }
}
