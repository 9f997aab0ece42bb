package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A contract as the actor may see it, with its instalments in due order. {@code received} is the
 * sum of its receipts; {@code version} guards edits.
 */
public record Contract(
    long id,
    long opportunityId,
    String opportunityName,
    long customerId,
    String customerName,
    String number,
    BigDecimal amount,
    BigDecimal received,
    LocalDate signedOn,
    LocalDate startsOn,
    LocalDate endsOn,
    long ownerId,
    String ownerName,
    int version,
    List<Instalment> instalments) {

  public BigDecimal outstanding() {
    return amount.subtract(received);
  }

  /** Every yuan of the contract received. */
  public boolean settled() {
    return received.compareTo(amount) >= 0;
  }

  Contract withInstalments(List<Instalment> list) {
    return new Contract(
        id,
        opportunityId,
        opportunityName,
        customerId,
        customerName,
        number,
        amount,
        received,
        signedOn,
        startsOn,
        endsOn,
        ownerId,
        ownerName,
        version,
        List.copyOf(list));
  }
}
