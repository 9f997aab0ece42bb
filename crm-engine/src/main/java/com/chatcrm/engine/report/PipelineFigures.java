package com.chatcrm.engine.report;

import java.math.BigDecimal;

/**
 * How many opportunities, their amount and their amount weighted by win probability, in yuan. For
 * won ones the weighted amount is the amount (100%), for lost ones zero.
 */
public record PipelineFigures(long count, BigDecimal amount, BigDecimal weightedAmount) {

  public static final PipelineFigures NONE =
      new PipelineFigures(0, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2));

  public PipelineFigures plus(PipelineFigures other) {
    return new PipelineFigures(
        count + other.count, amount.add(other.amount), weightedAmount.add(other.weightedAmount));
  }

  public PipelineFigures minus(PipelineFigures other) {
    return new PipelineFigures(
        count - other.count,
        amount.subtract(other.amount),
        weightedAmount.subtract(other.weightedAmount));
  }
}
