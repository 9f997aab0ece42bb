package com.chatcrm.gateway.webform;

import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.NewLead;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A web form's lead as the webhook receives it — {@code {company, contact, phone | phones, region,
 * industry, note, submissionId}} — read into the engine's {@link NewLead}. Every refusal is an
 * {@link InvalidInput} naming its field in {@code details.field}; other properties (a form's own
 * tracking fields) are ignored.
 */
final class WebFormLead {

  static final int MAX_PHONES = 5;

  private WebFormLead() {}

  /** The lead of a JSON body already known to be UTF-8. */
  static NewLead of(String body) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidInput(
          "请求体应为 JSON 对象", new JsonObject().put("field", "body").put("reason", "not_json"));
    }
    String company = line(json, "company", 200);
    if (company == null) {
      throw refused("company", "required", "「company」（公司名称）必填");
    }
    return new NewLead(
        company,
        line(json, "contact", 100),
        phones(json),
        LeadSource.WEBFORM,
        line(json, "region", 100),
        line(json, "industry", 100),
        text(json, "note", 2000),
        line(json, "submissionId", 200));
  }

  private static List<String> phones(JsonObject json) {
    List<String> out = new ArrayList<>();
    String one = line(json, "phone", 40);
    if (one != null) {
      out.add(one);
    }
    Object many = json.getValue("phones");
    if (many != null && !(many instanceof JsonArray)) {
      throw refused("phones", "not_a_list", "「phones」应为电话号码的数组");
    }
    if (many instanceof JsonArray list) {
      for (Object p : list) {
        if (!(p instanceof String s)) {
          throw refused("phones", "not_text", "「phones」的每一项应为字符串");
        }
        String phone = checked("phones", s, 40);
        if (phone != null && !out.contains(phone)) {
          out.add(phone);
        }
      }
    }
    if (out.size() > MAX_PHONES) {
      throw refused("phones", "too_many", "电话最多 " + MAX_PHONES + " 个");
    }
    return out;
  }

  /** A one-line text property, stripped; null when absent, null or blank. */
  private static String line(JsonObject json, String field, int max) {
    String s = checked(field, string(json, field), max);
    if (s != null) {
      ControlCharacters.refuseInLine(field, s);
    }
    return s;
  }

  /** A text property that may span lines (the note). */
  private static String text(JsonObject json, String field, int max) {
    return checked(field, string(json, field), max);
  }

  private static String string(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Number n && (field.equals("phone") || field.equals("submissionId"))) {
      return n.toString();
    }
    throw refused(field, "not_text", "「" + field + "」应为字符串");
  }

  private static String checked(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String s = value.strip();
    if (s.length() > max) {
      throw refused(field, "too_long", "「" + field + "」最长 " + max + " 个字");
    }
    ControlCharacters.refuse(field, s);
    return s;
  }

  private static InvalidInput refused(String field, String reason, String message) {
    return new InvalidInput(message, new JsonObject().put("field", field).put("reason", reason));
  }
}
