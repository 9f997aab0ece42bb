package com.chatcrm.engine.pool;

import com.chatcrm.engine.customer.CustomerLevel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The pool's day arithmetic in the tenant's time zone. Days are calendar days: a customer last
 * active on 3月1日 under a 30-day rule returns to the pool on 3月31日 whatever the hour, so the nightly
 * run gives the same answer whenever it starts, and "today" for the claim limit is the tenant's
 * today.
 */
record PoolCalendar(PoolRules rules, ZoneId zone) {

  LocalDate today(Instant now) {
    return now.atZone(zone).toLocalDate();
  }

  /** The first instant of a local day. */
  OffsetDateTime startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC);
  }

  /**
   * The day on which a customer of this level last active at {@code activityAt} returns to the
   * pool.
   */
  LocalDate reclaimOn(CustomerLevel level, OffsetDateTime activityAt) {
    Integer days = rules.reclaimDays(level);
    return days == null ? null : activityAt.atZoneSameInstant(zone).toLocalDate().plusDays(days);
  }

  /**
   * Private customers of this level active before this instant are due today; null when the level
   * is never reclaimed. Due means {@code reclaimOn <= today}, i.e. last active on or before today -
   * N.
   */
  OffsetDateTime reclaimCutoff(CustomerLevel level, Instant now) {
    Integer days = rules.reclaimDays(level);
    return days == null ? null : startOf(today(now).minusDays(days - 1L));
  }

  /**
   * The end (exclusive) of the warning window that starts at {@link #reclaimCutoff}: customers
   * active in between return to the pool within {@code warnDaysBefore} days. Null when never
   * reclaimed.
   */
  OffsetDateTime warnUntil(CustomerLevel level, Instant now) {
    Integer days = rules.reclaimDays(level);
    return days == null ? null : startOf(today(now).minusDays(days - 1L - rules.warnDaysBefore()));
  }
}
