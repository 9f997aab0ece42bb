package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first time of a repeating reminder, and close dates, at the edges of weeks and months. */
class RepeatSlotsTest {

  @ParameterizedTest(name = "{0} said at {1} is first due at {2}")
  @DisplayName("a repeat is first due at the next such time")
  @CsvSource({
    // 每个工作日 said on Friday evening: Monday
    "weekdays, 2026-11-27T20:00, 2026-11-30T09:00",
    // 每月31号 in a 30-day month: its last day
    "monthly:31, 2026-11-23T10:00, 2026-11-30T09:00",
    // 每月底 in February: the 28th
    "monthly:last, 2027-02-10T10:00, 2027-02-28T09:00",
    // 每周一上午9点 said on Monday at 08:00: the same morning
    "weekly:1, 2026-11-23T08:00, 2026-11-23T09:00",
    "daily, 2026-11-23T10:00, 2026-11-24T09:00"
  })
  void firstTime(String repeat, String now, String first) {
    assertThat(RepeatSlots.first(repeat, LocalTime.of(9, 0), LocalDateTime.parse(now)))
        .isEqualTo(LocalDateTime.parse(first));
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
