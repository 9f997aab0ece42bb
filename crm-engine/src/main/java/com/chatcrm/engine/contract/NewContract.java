package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A contract to make from a won opportunity. Left null: the number is generated ({@code HT<signing
 * date>-<n>}), the amount is the opportunity's, and it is signed today in the tenant's time zone.
 * The plan may be empty (nothing to remind of).
 */
public record NewContract(
    long opportunityId,
    String number,
    BigDecimal amount,
    LocalDate signedOn,
    LocalDate startsOn,
    LocalDate endsOn,
    List<PlannedInstalment> plan) {

  public NewContract {
    plan = plan == null ? List.of() : List.copyOf(plan);
  }

  public static NewContract from(long opportunityId) {
    return new NewContract(opportunityId, null, null, null, null, null, List.of());
  }

  public NewContract numbered(String n) {
    return new NewContract(opportunityId, n, amount, signedOn, startsOn, endsOn, plan);
  }

  public NewContract amount(BigDecimal a) {
    return new NewContract(opportunityId, number, a, signedOn, startsOn, endsOn, plan);
  }

  public NewContract signedOn(LocalDate d) {
    return new NewContract(opportunityId, number, amount, d, startsOn, endsOn, plan);
  }

  public NewContract period(LocalDate from, LocalDate to) {
    return new NewContract(opportunityId, number, amount, signedOn, from, to, plan);
  }

  public NewContract plan(PlannedInstalment... instalments) {
    return new NewContract(
        opportunityId, number, amount, signedOn, startsOn, endsOn, List.of(instalments));
  }
}
