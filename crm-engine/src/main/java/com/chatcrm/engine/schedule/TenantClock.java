package com.chatcrm.engine.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A tenant as the schedulers see it: its time zone, when it was registered, and its own schedule
 * times from {@code tenant.settings -> 'schedule'} (e.g. {@code {"dailyReportAt": "18:00"}}).
 */
record TenantClock(long tenantId, ZoneId zone, Instant createdAt, Map<String, Object> schedule) {

  /** The tenant's time for {@code key} ("dailyReportAt", "poolReclaimAt"), else the default. */
  LocalTime timeOf(String key, LocalTime fallback) {
    Object v = schedule == null ? null : schedule.get(key);
    if (v instanceof String s) {
      try {
        return LocalTime.parse(s);
      } catch (DateTimeParseException e) {
        return fallback;
      }
    }
    return fallback;
  }

  LocalDate today(Instant now) {
    return now.atZone(zone).toLocalDate();
  }

  /** The day the tenant was registered, in its zone: no scheduled work is owed before it. */
  LocalDate firstDay() {
    return createdAt.atZone(zone).toLocalDate();
  }

  /** Whether {@code at} on the tenant's today has come. */
  boolean reached(Instant now, LocalTime at) {
    return !now.atZone(zone).toLocalTime().isBefore(at);
  }
}
