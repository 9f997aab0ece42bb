package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One instalment of a collection plan (第 seq 期): due on a date, paid once received reaches amount.
 */
public record Instalment(
    long id,
    int seq,
    LocalDate dueOn,
    BigDecimal amount,
    BigDecimal received,
    OffsetDateTime paidAt,
    Long reminderId) {

  public BigDecimal outstanding() {
    return amount.subtract(received);
  }

  public boolean paid() {
    return paidAt != null;
  }
}
