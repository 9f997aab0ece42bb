package com.chatcrm.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.InvalidInput;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PoolCalendarTest {

  static final PoolCalendar SHANGHAI =
      new PoolCalendar(PoolRules.defaults(), ZoneId.of("Asia/Shanghai"));

  @Test
  @DisplayName("the day is the tenant's: 23:30 UTC is already tomorrow in Shanghai")
  void todayIsTheTenantsDay() {
    assertThat(SHANGHAI.today(Instant.parse("2025-03-10T16:00:00Z")))
        .isEqualTo(LocalDate.of(2025, 3, 11));
    assertThat(SHANGHAI.today(Instant.parse("2025-03-10T15:59:59Z")))
        .isEqualTo(LocalDate.of(2025, 3, 10));
    assertThat(SHANGHAI.startOf(LocalDate.of(2025, 3, 11)).toInstant())
        .isEqualTo(Instant.parse("2025-03-10T16:00:00Z"));
  }

  @Test
  @DisplayName("a 潜在 customer last active on 3月1日 (any hour) returns to the pool on 3月31日")
  void reclaimOnCalendarDays() {
    OffsetDateTime lateOnMarch1 = OffsetDateTime.parse("2025-03-01T23:59:00+08:00");
    assertThat(SHANGHAI.reclaimOn(CustomerLevel.POTENTIAL, lateOnMarch1))
        .isEqualTo(LocalDate.of(2025, 3, 31));
    assertThat(SHANGHAI.reclaimOn(CustomerLevel.INTENT, lateOnMarch1))
        .isEqualTo(LocalDate.of(2025, 4, 30));
    assertThat(SHANGHAI.reclaimOn(CustomerLevel.DEAL, lateOnMarch1)).isNull();

    Instant march31 = Instant.parse("2025-03-30T16:00:00Z"); // 00:00 on 3月31日 in Shanghai
    assertThat(lateOnMarch1.toInstant())
        .isBefore(SHANGHAI.reclaimCutoff(CustomerLevel.POTENTIAL, march31).toInstant());
    Instant march30 = march31.minusSeconds(1);
    assertThat(lateOnMarch1.toInstant())
        .isAfter(SHANGHAI.reclaimCutoff(CustomerLevel.POTENTIAL, march30).toInstant());
    assertThat(SHANGHAI.reclaimCutoff(CustomerLevel.DEAL, march31)).isNull();
  }

  @Test
  @DisplayName("the warning window covers the last warn_days_before days before the reclaim day")
  void warningWindow() {
    Instant march28 =
        Instant.parse("2025-03-27T16:00:00Z"); // 00:00 on 3月28日: reclaim 3月31日 is 3 days away
    OffsetDateTime march1 = OffsetDateTime.parse("2025-03-01T10:00:00+08:00");
    assertThat(SHANGHAI.reclaimCutoff(CustomerLevel.POTENTIAL, march28).toInstant())
        .isBefore(march1.toInstant());
    assertThat(SHANGHAI.warnUntil(CustomerLevel.POTENTIAL, march28).toInstant())
        .isAfter(march1.toInstant());
    Instant march27 = march28.minusSeconds(1); // 4 days away: too early to warn
    assertThat(SHANGHAI.warnUntil(CustomerLevel.POTENTIAL, march27).toInstant())
        .isBefore(march1.toInstant());
  }

  @Test
  @DisplayName("a rule an admin cannot have meant is refused, naming the field")
  void validation() {
    assertThat(PoolRules.defaults().validate()).isEqualTo(PoolRules.defaults());
    assertThat(PoolRules.NONE.withWarnDaysBefore(0).validate()).isNotNull();
    assertRefused(
        PoolRules.defaults().withReclaimDays(CustomerLevel.POTENTIAL, 0), "reclaimDaysPotential");
    assertRefused(PoolRules.defaults().withReclaimDays(CustomerLevel.LOST, -5), "reclaimDaysLost");
    assertRefused(PoolRules.defaults().withWarnDaysBefore(-1), "warnDaysBefore");
    assertRefused(PoolRules.defaults().withWarnDaysBefore(30), "warnDaysBefore");
    assertRefused(PoolRules.defaults().withReclaimDays(CustomerLevel.DEAL, 2), "warnDaysBefore");
    assertRefused(PoolRules.defaults().withMaxPrivate(0), "maxPrivate");
    assertRefused(PoolRules.defaults().withMaxClaimsPerDay(-1), "maxClaimsPerDay");
    assertThat(
            PoolRules.defaults()
                .withMaxPrivate(null)
                .withMaxClaimsPerDay(null)
                .validate()
                .maxPrivate())
        .isNull();
  }

  private static void assertRefused(PoolRules rules, String field) {
    assertThatThrownBy(rules::validate)
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo(field));
  }
}
