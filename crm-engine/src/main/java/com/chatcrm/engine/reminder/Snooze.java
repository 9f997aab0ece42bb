package com.chatcrm.engine.reminder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * How far a reminder is put off from its card: 推迟1小时 or 明天再说, read at the tap, never a minute count
 * fixed when the card was sent (a card may be tapped hours or days later).
 */
public enum Snooze {
  /**
   * One hour after now or after the due time, whichever is later: a snooze never brings a reminder
   * forward.
   */
  HOUR,
  /** Tomorrow, from the tap's day in the tenant's zone, at {@link #TOMORROW_AT}. */
  TOMORROW;

  public static final LocalTime TOMORROW_AT = LocalTime.of(9, 0);

  /** The key part of a card button: {@code reminder.snooze:<id>:<part>}. */
  public String keyPart() {
    return this == HOUR ? "60" : "tomorrow";
  }

  /**
   * Reads a button's last key part. Cards sent before carried minutes: 60 was 推迟1小时, more was 明天再说
   * (minutes until 09:00 the next day, or the overdue nudge's 1440); anything else is an hour.
   */
  public static Snooze ofKeyPart(String part) {
    if ("tomorrow".equals(part)) {
      return TOMORROW;
    }
    try {
      return part != null && Long.parseLong(part) > 60 ? TOMORROW : HOUR;
    } catch (NumberFormatException e) {
      return HOUR;
    }
  }

  /** The new due time of a reminder due at {@code due}, tapped at {@code now}. */
  public Instant until(Instant now, Instant due, ZoneId zone) {
    if (this == HOUR) {
      return (due != null && due.isAfter(now) ? due : now).plus(Duration.ofHours(1));
    }
    return now.atZone(zone).toLocalDate().plusDays(1).atTime(TOMORROW_AT).atZone(zone).toInstant();
  }
}
