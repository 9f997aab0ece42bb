package com.chatcrm.engine.lead;

import java.util.List;

/**
 * A lead to capture. Only the company is required.
 *
 * @param sourceMessageId the chat message or web-form submission it came from: the same id is the
 *     same lead, never captured twice
 */
public record NewLead(
    String company,
    String contactName,
    List<String> phones,
    LeadSource source,
    String region,
    String industry,
    String note,
    String sourceMessageId) {

  public NewLead {
    phones = phones == null ? List.of() : List.copyOf(phones);
  }

  public static NewLead of(String company, LeadSource source) {
    return new NewLead(company, null, List.of(), source, null, null, null, null);
  }

  public NewLead withContact(String name, String... phoneNumbers) {
    return new NewLead(
        company, name, List.of(phoneNumbers), source, region, industry, note, sourceMessageId);
  }

  public NewLead withRegion(String r) {
    return new NewLead(company, contactName, phones, source, r, industry, note, sourceMessageId);
  }

  public NewLead withIndustry(String i) {
    return new NewLead(company, contactName, phones, source, region, i, note, sourceMessageId);
  }

  public NewLead withNote(String n) {
    return new NewLead(company, contactName, phones, source, region, industry, n, sourceMessageId);
  }

  public NewLead withSourceMessage(String id) {
    return new NewLead(company, contactName, phones, source, region, industry, note, id);
  }
}
