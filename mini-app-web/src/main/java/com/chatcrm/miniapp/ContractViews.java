package com.chatcrm.miniapp;

import com.chatcrm.engine.contract.Contract;
import com.chatcrm.engine.contract.Instalment;
import com.chatcrm.engine.contract.Receipt;
import com.chatcrm.engine.contract.ReceiptResult;
import com.chatcrm.engine.salestarget.TargetProgress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/** Contracts, receipts and targets as the mini-app's JSON. */
final class ContractViews {

  private ContractViews() {}

  static JsonObject contract(Contract k) {
    JsonArray plan = new JsonArray();
    for (Instalment i : k.instalments()) {
      plan.add(
          new JsonObject()
              .put("id", i.id())
              .put("seq", i.seq())
              .put("dueOn", i.dueOn().toString())
              .put("amount", i.amount())
              .put("received", i.received())
              .put("paid", i.paid()));
    }
    return new JsonObject()
        .put("id", k.id())
        .put("number", k.number())
        .put("opportunityId", k.opportunityId())
        .put("opportunityName", k.opportunityName())
        .put("customerId", k.customerId())
        .put("customerName", k.customerName())
        .put("amount", k.amount())
        .put("received", k.received())
        .put("outstanding", k.outstanding())
        .put("settled", k.settled())
        .put("signedOn", k.signedOn().toString())
        .put("startsOn", day(k.startsOn()))
        .put("endsOn", day(k.endsOn()))
        .put("ownerId", k.ownerId())
        .put("ownerName", k.ownerName())
        .put("version", k.version())
        .put("plan", plan);
  }

  static JsonObject receipt(ReceiptResult r) {
    return new JsonObject()
        .put("receiptId", r.receiptId())
        .put("amount", r.amount())
        .put("newlyPaid", new JsonArray(r.newlyPaid()))
        .put("contract", contract(r.contract()));
  }

  static JsonObject receiptRow(Receipt r) {
    return new JsonObject()
        .put("id", r.id())
        .put("amount", r.amount())
        .put("receivedOn", r.receivedOn().toString())
        .put("note", r.note())
        .put("recordedBy", r.recordedBy())
        .put("recordedByName", r.recordedByName())
        .put("recordedAt", r.recordedAt().toInstant().toString());
  }

  static JsonObject target(TargetProgress p) {
    return new JsonObject()
        .put("userId", p.team() ? null : p.userId())
        .put("userName", p.userName())
        .put("departmentId", p.departmentId())
        .put("team", p.team())
        .put("period", p.period().kind().code())
        .put("periodStart", p.period().start().toString())
        .put("periodLabel", p.period().label())
        .put("metric", p.metric().code())
        .put("metricLabel", p.metric().label())
        .put("target", p.target())
        .put("actual", p.actual())
        .put("percent", p.percent());
  }

  private static String day(LocalDate d) {
    return d == null ? null : d.toString();
  }
}
