package com.chatcrm.engine.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RepeatScheduleTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static ZonedDateTime sh(String local) {
    return LocalDateTime.parse(local).atZone(SHANGHAI);
  }

  static Instant next(RepeatRule rule, String anchor, String after) {
    return RepeatSchedule.next(rule, sh(anchor), sh(after).toInstant()).orElseThrow();
  }

  @Test
  void dailyComesBackTomorrowAtTheSameTime() {
    assertThat(next(RepeatRule.DAILY, "2025-03-03T09:00", "2025-03-03T09:00"))
        .isEqualTo(sh("2025-03-04T09:00").toInstant());
  }

  @Test
  @DisplayName("工作日: Friday's reminder comes back on Monday, skipping the weekend")
  void weekdaysSkipTheWeekend() {
    assertThat(next(RepeatRule.WEEKDAYS, "2025-02-07T09:00", "2025-02-07T09:00"))
        .isEqualTo(sh("2025-02-10T09:00").toInstant());
    assertThat(next(RepeatRule.WEEKDAYS, "2025-02-07T09:00", "2025-02-08T15:00"))
        .isEqualTo(sh("2025-02-10T09:00").toInstant());
    assertThat(next(RepeatRule.WEEKDAYS, "2025-02-07T09:00", "2025-02-10T09:00"))
        .isEqualTo(sh("2025-02-11T09:00").toInstant());
  }

  @Test
  @DisplayName("the weekday is the one in Shanghai: Monday 07:00 there is still Sunday in UTC")
  void weekdaysAreCountedInTheTenantsZone() {
    Instant monday = next(RepeatRule.WEEKDAYS, "2025-02-10T07:00", "2025-02-14T07:00");
    assertThat(monday).isEqualTo(Instant.parse("2025-02-16T23:00:00Z"));
    assertThat(monday.atZone(ZoneId.of("UTC")).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    assertThat(monday.atZone(SHANGHAI).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
  }

  @Test
  void weeklyKeepsTheAnchorsWeekday() {
    assertThat(next(RepeatRule.WEEKLY, "2025-03-05T10:00", "2025-03-05T10:00"))
        .isEqualTo(sh("2025-03-12T10:00").toInstant());
    assertThat(next(RepeatRule.WEEKLY, "2025-03-05T10:00", "2025-03-06T08:00"))
        .isEqualTo(sh("2025-03-12T10:00").toInstant());
  }

  @Test
  @DisplayName("每月 from 31 January: the last day of February, then back to the 31st")
  void monthlyOnThe31st() {
    assertThat(next(RepeatRule.MONTHLY, "2025-01-31T09:00", "2025-01-31T09:00"))
        .isEqualTo(sh("2025-02-28T09:00").toInstant());
    assertThat(next(RepeatRule.MONTHLY, "2025-01-31T09:00", "2025-02-28T09:00"))
        .isEqualTo(sh("2025-03-31T09:00").toInstant());
    assertThat(next(RepeatRule.MONTHLY, "2025-01-31T09:00", "2025-03-31T09:00"))
        .isEqualTo(sh("2025-04-30T09:00").toInstant());
    assertThat(next(RepeatRule.MONTHLY, "2024-01-31T09:00", "2024-01-31T09:00"))
        .isEqualTo(sh("2024-02-29T09:00").toInstant());
  }

  @Test
  @DisplayName("occurrences missed while nobody looked are skipped, not replayed")
  void missedOccurrencesAreSkipped() {
    assertThat(next(RepeatRule.DAILY, "2025-03-01T09:00", "2025-03-05T12:00"))
        .isEqualTo(sh("2025-03-06T09:00").toInstant());
    assertThat(next(RepeatRule.DAILY, "2025-03-01T09:00", "2025-03-05T08:00"))
        .isEqualTo(sh("2025-03-05T09:00").toInstant());
    assertThat(next(RepeatRule.MONTHLY, "2025-01-15T09:00", "2025-06-20T00:00"))
        .isEqualTo(sh("2025-07-15T09:00").toInstant());
  }

  @Test
  void aReminderThatDoesNotRepeatHasNoNextOccurrence() {
    assertThat(
            RepeatSchedule.next(
                RepeatRule.NONE, sh("2025-03-01T09:00"), Instant.parse("2025-03-01T00:00:00Z")))
        .isEmpty();
  }

  @Test
  void rulesParseFromCodesAndChinese() {
    assertThat(RepeatRule.parse("工作日")).isEqualTo(RepeatRule.WEEKDAYS);
    assertThat(RepeatRule.parse("Monthly")).isEqualTo(RepeatRule.MONTHLY);
    assertThat(RepeatRule.parse(null)).isEqualTo(RepeatRule.NONE);
  }

  @Test
  @DisplayName("每月底: the last day of every month — 30th, 31st, and 28th or 29th in February")
  void monthEndIsTheLastDayOfEachMonth() {
    assertThat(next(RepeatRule.MONTH_END, "2026-11-30T09:00", "2026-11-30T09:00"))
        .isEqualTo(sh("2026-12-31T09:00").toInstant());
    assertThat(next(RepeatRule.MONTH_END, "2026-11-30T09:00", "2026-12-31T09:00"))
        .isEqualTo(sh("2027-01-31T09:00").toInstant());
    assertThat(next(RepeatRule.MONTH_END, "2026-11-30T09:00", "2027-01-31T10:00"))
        .isEqualTo(sh("2027-02-28T09:00").toInstant());
    assertThat(next(RepeatRule.MONTH_END, "2027-12-31T09:00", "2028-01-31T09:00"))
        .isEqualTo(sh("2028-02-29T09:00").toInstant());
  }
}
