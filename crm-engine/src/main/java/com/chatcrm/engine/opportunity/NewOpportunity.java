package com.chatcrm.engine.opportunity;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An opportunity to create. Customer and name are required; a null amount is 0, a null stage the
 * first open stage, a null probability the stage's, a null owner the actor.
 */
public record NewOpportunity(
    long customerId,
    String name,
    BigDecimal amount,
    LocalDate expectedClose,
    Long stageId,
    Integer probability,
    Long ownerId) {

  public static NewOpportunity of(long customerId, String name, BigDecimal amount) {
    return new NewOpportunity(customerId, name, amount, null, null, null, null);
  }

  public NewOpportunity withExpectedClose(LocalDate date) {
    return new NewOpportunity(customerId, name, amount, date, stageId, probability, ownerId);
  }

  public NewOpportunity withStage(long stage) {
    return new NewOpportunity(customerId, name, amount, expectedClose, stage, probability, ownerId);
  }

  public NewOpportunity withProbability(int percent) {
    return new NewOpportunity(customerId, name, amount, expectedClose, stageId, percent, ownerId);
  }

  public NewOpportunity withOwner(long owner) {
    return new NewOpportunity(customerId, name, amount, expectedClose, stageId, probability, owner);
  }
}
