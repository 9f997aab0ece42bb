package com.chatcrm.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.InvalidInput;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PipelinePeriodTest {

  @Test
  @DisplayName("a calendar month compares with the month before, however many days each has")
  void monthComparesWithTheMonthBefore() {
    PipelinePeriod march = PipelinePeriod.month(YearMonth.of(2025, 3));
    assertThat(march)
        .isEqualTo(new PipelinePeriod(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1)));
    assertThat(march.previous()).isEqualTo(PipelinePeriod.month(YearMonth.of(2025, 2)));
    PipelinePeriod quarter = new PipelinePeriod(LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 1));
    assertThat(quarter.previous())
        .isEqualTo(new PipelinePeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 1)));
  }

  @Test
  @DisplayName("any other range compares with the same number of days just before it")
  void daysCompareWithEqualDays() {
    PipelinePeriod week = new PipelinePeriod(LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 17));
    assertThat(week.days()).isEqualTo(7);
    assertThat(week.previous())
        .isEqualTo(new PipelinePeriod(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 10)));
    PipelinePeriod day = new PipelinePeriod(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 2));
    assertThat(day.previous())
        .isEqualTo(new PipelinePeriod(LocalDate.of(2025, 2, 28), LocalDate.of(2025, 3, 1)));
  }

  @Test
  void anEmptyOrBackwardRangeIsRefused() {
    LocalDate d = LocalDate.of(2025, 3, 1);
    assertThatThrownBy(() -> new PipelinePeriod(d, d)).isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> new PipelinePeriod(d, d.minusDays(1)))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> new PipelinePeriod(null, d)).isInstanceOf(InvalidInput.class);
  }
}
