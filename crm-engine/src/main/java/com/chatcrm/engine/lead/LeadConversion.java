package com.chatcrm.engine.lead;

import java.math.BigDecimal;

/**
 * How to convert a lead: always a customer (and a contact when the lead has a contact name or
 * phone); an opportunity too when {@code withOpportunity}, named {@code opportunityName} or else
 * "<company>项目", with {@code amount} (null: 0).
 */
public record LeadConversion(boolean withOpportunity, String opportunityName, BigDecimal amount) {

  public static LeadConversion customerOnly() {
    return new LeadConversion(false, null, null);
  }

  public static LeadConversion withOpportunity(String name, BigDecimal amount) {
    return new LeadConversion(true, name, amount);
  }
}
