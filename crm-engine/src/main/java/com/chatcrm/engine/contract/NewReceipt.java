package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Money received on a contract (回款). {@code receivedOn} null is today in the tenant's time zone; it
 * may not be in the future.
 */
public record NewReceipt(long contractId, BigDecimal amount, LocalDate receivedOn, String note) {

  public static NewReceipt of(long contractId, BigDecimal amount) {
    return new NewReceipt(contractId, amount, null, null);
  }

  public NewReceipt on(LocalDate day) {
    return new NewReceipt(contractId, amount, day, note);
  }

  public NewReceipt note(String text) {
    return new NewReceipt(contractId, amount, receivedOn, text);
  }
}
