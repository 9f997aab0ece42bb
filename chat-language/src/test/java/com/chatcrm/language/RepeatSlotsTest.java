package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The first time of a repeating reminder, and close dates, at the edges of weeks and months. */
class RepeatSlotsTest {

  private static final LocalTime NINE = LocalTime.of(9, 0);

  @Test
  @DisplayName("每个工作日 said on Friday evening is first due on Monday")
  void weekdaysSkipTheWeekend() {
    LocalDateTime friday = LocalDateTime.of(2026, 11, 27, 20, 0);
    assertThat(RepeatSlots.first("weekdays", NINE, friday))
        .isEqualTo(LocalDateTime.of(2026, 11, 30, 9, 0));
  }

  @Test
  @DisplayName("每月31号 in a 30-day month falls on its last day; 每月底 in February on the 28th")
  void monthlyDaysPastTheMonthEnd() {
    LocalDateTime nov = LocalDateTime.of(2026, 11, 23, 10, 0);
    assertThat(RepeatSlots.first("monthly:31", NINE, nov))
        .isEqualTo(LocalDateTime.of(2026, 11, 30, 9, 0));
    LocalDateTime feb = LocalDateTime.of(2027, 2, 10, 10, 0);
    assertThat(RepeatSlots.first("monthly:last", NINE, feb))
        .isEqualTo(LocalDateTime.of(2027, 2, 28, 9, 0));
  }

  @Test
  @DisplayName("每周一上午9点 said on Monday at 08:00 is due the same morning")
  void weeklyTodayWhenStillAhead() {
    LocalDateTime mondayEarly = LocalDateTime.of(2026, 11, 23, 8, 0);
    assertThat(RepeatSlots.first("weekly:1", NINE, mondayEarly))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 0));
  }

  @Test
  @DisplayName("close dates: 下个月 is its last day, 下季度 the end of next quarter, 1月15日 next year's")
  void closeDates() {
    LocalDateTime now = LocalDateTime.of(2026, 11, 23, 10, 0);
    assertThat(CloseDates.at("下个月", now).date()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(CloseDates.at("下季度签", now).date()).isEqualTo(LocalDate.of(2027, 3, 31));
    assertThat(CloseDates.at("1月15日", now).date()).isEqualTo(LocalDate.of(2027, 1, 15));
    assertThat(CloseDates.at("客户说下个月", now)).isNull();
  }
}
