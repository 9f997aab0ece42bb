package com.chatcrm.engine.opportunity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * An opportunity (商机) as the actor may see it. {@code amount} is in {@value #CURRENCY} with two
 * decimals; {@code closedAt} is set while it is won or lost; {@code version} guards edits.
 */
public record Opportunity(
    long id,
    long customerId,
    String customerName,
    String name,
    BigDecimal amount,
    LocalDate expectedClose,
    long stageId,
    String stageName,
    OpportunityStatus status,
    String lostReason,
    int probability,
    long ownerId,
    String ownerName,
    OffsetDateTime closedAt,
    long createdBy,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    int version,
    boolean deleted) {

  /**
   * Every amount is in yuan; the schema has no currency column because nothing else is accepted.
   */
  public static final String CURRENCY = "CNY";

  /** Amount × win probability, to the fen. */
  public BigDecimal weightedAmount() {
    return amount
        .multiply(BigDecimal.valueOf(probability))
        .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
  }

  public boolean closed() {
    return status != OpportunityStatus.OPEN;
  }
}
