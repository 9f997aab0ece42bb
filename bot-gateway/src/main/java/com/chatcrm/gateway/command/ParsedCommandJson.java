package com.chatcrm.gateway.command;

import com.chatcrm.language.Intent;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A parsed command as JSON: here, so that the language itself needs no Vert.x. */
final class ParsedCommandJson {

  private ParsedCommandJson() {}

  /** The shape /sandbox/parse answers: absent slots are left out. */
  static JsonObject toJson(ParsedCommand p) {
    JsonObject j = new JsonObject();
    p.slots().forEach((k, v) -> j.put(k, v instanceof List<?> l ? new JsonArray(l) : v));
    return j;
  }

  /** Everything, candidates too: what a pending question keeps until it is answered. */
  static JsonObject toState(ParsedCommand p) {
    return toJson(p)
        .put("candidates", new JsonArray(p.customerCandidates()))
        .put("customerId", p.customerId());
  }

  static ParsedCommand fromState(JsonObject j) {
    List<String> candidates =
        j.getJsonArray("candidates", new JsonArray()).stream().map(String::valueOf).toList();
    List<String> mentions =
        j.getJsonArray("mentions", new JsonArray()).stream().map(String::valueOf).toList();
    Object amount = j.getValue("amount");
    return new ParsedCommand(
        Intent.valueOf(j.getString("intent").toUpperCase(java.util.Locale.ROOT)),
        j.getString("customer"),
        candidates,
        j.getString("contact"),
        j.getString("phone"),
        j.getString("method"),
        j.getString("content"),
        amount == null ? null : new BigDecimal(amount.toString()),
        j.getString("stage"),
        j.getString("scope"),
        j.getString("date") == null ? null : LocalDate.parse(j.getString("date")),
        j.getString("due") == null ? null : OffsetDateTime.parse(j.getString("due")),
        mentions,
        j.getString("opportunity"),
        j.getString("nextStep"),
        j.getString("level"),
        j.getLong("customerId"),
        j.getString("closeDate") == null ? null : LocalDate.parse(j.getString("closeDate")),
        j.getString("repeat"),
        j.getString("plan"),
        j.getString("period"));
  }
}
