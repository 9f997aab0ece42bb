package com.chatcrm.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.InvalidInput;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReportRangeTest {

  @Test
  @DisplayName("both days count: one day is [day, day+1), a leap year's 366 days are allowed")
  void bothDaysCount() {
    assertThat(ReportRange.parse("2026-11-30", "2026-11-30"))
        .isEqualTo(new PipelinePeriod(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 1)));
    assertThat(ReportRange.parse("2028-01-01", "2028-12-31").days()).isEqualTo(366);
  }

  @Test
  @DisplayName("refusals name the field and a stable reason")
  void refusals() {
    refused("2026-11-30", "2026-11-01", "to", "from_after_to");
    refused("2027-01-01", "2028-01-02", "to", "range_too_long");
    refused("2026-11-1", "2026-11-30", "from", "date_format");
    refused(null, "2026-11-30", "from", "missing_date");
    refused("1999-12-31", "2000-01-01", "from", "date_out_of_range");
    refused("2099-12-31", "2100-01-01", "to", "date_out_of_range");
  }

  private static void refused(String from, String to, String field, String reason) {
    assertThatThrownBy(() -> ReportRange.parse(from, to))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> {
              InvalidInput i = (InvalidInput) e;
              assertThat(i.details().getString("field")).isEqualTo(field);
              assertThat(i.details().getString("reason")).isEqualTo(reason);
              assertThat(i.getMessage()).containsPattern("\\p{IsHan}");
            });
  }
}
