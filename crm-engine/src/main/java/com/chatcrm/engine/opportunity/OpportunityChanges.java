package com.chatcrm.engine.opportunity;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The fields an edit sets; a null field is left as it is, and {@code clearExpectedClose} removes
 * the date. Stage, status and owner change through moves, win/lose and transfer, not through an
 * edit.
 */
public record OpportunityChanges(
    String name,
    BigDecimal amount,
    LocalDate expectedClose,
    boolean clearExpectedClose,
    Integer probability) {

  public static OpportunityChanges none() {
    return new OpportunityChanges(null, null, null, false, null);
  }

  public OpportunityChanges name(String v) {
    return new OpportunityChanges(v, amount, expectedClose, clearExpectedClose, probability);
  }

  public OpportunityChanges amount(BigDecimal v) {
    return new OpportunityChanges(name, v, expectedClose, clearExpectedClose, probability);
  }

  public OpportunityChanges expectedClose(LocalDate v) {
    return new OpportunityChanges(name, amount, v, false, probability);
  }

  public OpportunityChanges noExpectedClose() {
    return new OpportunityChanges(name, amount, null, true, probability);
  }

  public OpportunityChanges probability(int v) {
    return new OpportunityChanges(name, amount, expectedClose, clearExpectedClose, v);
  }
}
