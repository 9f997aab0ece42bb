package com.chatcrm.engine.lead;

import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A {@link NewLead} checked and trimmed, with its 查重 key. */
record LeadFields(
    String company,
    String companyNorm,
    String contactName,
    List<String> phones,
    LeadSource source,
    String region,
    String industry,
    String note,
    String sourceMessageId) {

  static final int MAX_COMPANY = 200;
  static final int MAX_FIELD = 100;
  static final int MAX_PHONES = 10;
  static final int MAX_NOTE = 2000;

  static LeadFields of(NewLead in) {
    if (in == null) {
      throw new InvalidInput("lead: required");
    }
    String company = text("company", in.company(), MAX_COMPANY);
    if (company == null) {
      throw InvalidInput.field("company", "请填写公司名称");
    }
    String norm = CompanyNames.normalize(company);
    if (norm.isEmpty()) {
      throw InvalidInput.field("company", "公司名称不能只有标点");
    }
    List<String> phones = new ArrayList<>();
    for (String p : in.phones()) {
      String t = text("phones", p, 50);
      if (t != null && !phones.contains(t)) {
        if (CompanyNames.normalizePhone(t).isEmpty()) {
          throw InvalidInput.field("phones", "电话「" + t + "」没有数字");
        }
        phones.add(t);
      }
    }
    if (phones.size() > MAX_PHONES) {
      throw InvalidInput.field("phones", "最多 " + MAX_PHONES + " 个电话");
    }
    if (in.source() == null) {
      throw InvalidInput.field("source", "required");
    }
    return new LeadFields(
        company,
        norm,
        text("contactName", in.contactName(), MAX_FIELD),
        List.copyOf(phones),
        in.source(),
        text("region", in.region(), MAX_FIELD),
        text("industry", in.industry(), MAX_FIELD),
        text("note", in.note(), MAX_NOTE),
        text("sourceMessageId", in.sourceMessageId(), 200));
  }

  /** Trimmed, null when blank; too long or with control characters is refused. */
  static String text(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    String t = value.strip();
    if (t.isEmpty()) {
      return null;
    }
    if (t.codePointCount(0, t.length()) > max) {
      throw InvalidInput.field(field, "不能超过 " + max + " 个字");
    }
    ControlCharacters.refuse(field, t);
    return t;
  }

  LeadFields withNote(String n) {
    return new LeadFields(
        company, companyNorm, contactName, phones, source, region, industry, n, sourceMessageId);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("company", company)
        .put("contactName", contactName)
        .put("phones", new JsonArray(phones))
        .put("source", source.code())
        .put("region", region)
        .put("industry", industry)
        .put("note", note);
  }
}
