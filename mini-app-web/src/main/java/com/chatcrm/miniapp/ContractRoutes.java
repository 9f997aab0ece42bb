package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.contract.Contract;
import com.chatcrm.engine.contract.ContractService;
import com.chatcrm.engine.contract.NewContract;
import com.chatcrm.engine.contract.NewReceipt;
import com.chatcrm.engine.contract.PlannedInstalment;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.salestarget.TargetMetric;
import com.chatcrm.engine.salestarget.TargetPeriod;
import com.chatcrm.engine.salestarget.TargetService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Contracts and collections (a customer's contracts, 生成合同 from a won deal, 回款) and 业绩目标 (progress;
 * setting one).
 */
final class ContractRoutes {

  private final ContractService contracts;
  private final TargetService targets;

  ContractRoutes(Engine engine) {
    this.contracts = engine.contracts();
    this.targets = engine.targets();
  }

  void addTo(Operations operations) {
    operations.on(
        "customerContracts",
        200,
        c ->
            contracts
                .allForCustomer(c.actor(), c.id())
                .map(
                    all ->
                        new JsonObject()
                            .put("items", Views.all(all.live(), ContractViews::contract))
                            .put(
                                "voided",
                                Views.all(
                                    all.voided(),
                                    v ->
                                        ContractViews.contract(v.contract())
                                            .put("voidedAt", v.voidedAt().toString())))));
    operations.on("getContract", 200, c -> withReceipts(c, contracts.get(c.actor(), c.id())));
    operations.on(
        "voidContract",
        200,
        c -> contracts.voidContract(c.actor(), c.id(), null).map(ContractViews::contract));
    operations.on(
        "withdrawReceipt",
        200,
        c ->
            withReceipts(
                c, contracts.withdrawReceipt(c.actor(), c.id(), c.pathId("receiptId"), null)));
    operations.on("createContract", 201, this::create);
    operations.on(
        "recordReceipt",
        201,
        c ->
            contracts
                .recordReceipt(
                    c.actor(),
                    new NewReceipt(
                        c.id(),
                        c.bodyMoney("amount"),
                        c.bodyDay("receivedOn"),
                        c.body().getString("note")),
                    null)
                .map(ContractViews::receipt));
    operations.on(
        "targetProgress",
        200,
        c ->
            targets
                .today(c.actor().tenantId())
                .compose(
                    today -> targets.progress(c.actor(), "team".equals(c.query("scope")), today))
                .map(l -> new JsonObject().put("items", Views.all(l, ContractViews::target))));
    operations.on("setTarget", 200, this::setTarget);
    operations.on(
        "targetTeams",
        200,
        c ->
            targets
                .teamChoices(c.actor())
                .map(
                    l ->
                        new JsonObject()
                            .put(
                                "items",
                                Views.all(
                                    l,
                                    t ->
                                        new JsonObject()
                                            .put("id", t.id())
                                            .put("name", t.name())))));
  }

  /** The contract with its receipts, as the contract page shows it. */
  private Future<Object> withReceipts(Call c, Future<Contract> contract) {
    return contract.compose(
        k ->
            contracts
                .receipts(c.actor(), k.id())
                .map(
                    list ->
                        ContractViews.contract(k)
                            .put("receipts", Views.all(list, ContractViews::receiptRow))));
  }

  private Future<Object> create(Call c) {
    JsonObject b = c.body();
    NewContract input =
        new NewContract(
            c.id(),
            b.getString("number"),
            c.bodyMoney("amount"),
            c.bodyDay("signedOn"),
            c.bodyDay("startsOn"),
            c.bodyDay("endsOn"),
            plan(b.getJsonArray("plan", new JsonArray())));
    return contracts.create(c.actor(), input).map(ContractViews::contract);
  }

  private static List<PlannedInstalment> plan(JsonArray items) {
    List<PlannedInstalment> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      try {
        out.add(
            new PlannedInstalment(
                LocalDate.parse(item.getString("dueOn")),
                new BigDecimal(item.getValue("amount").toString())));
      } catch (DateTimeParseException | NullPointerException | NumberFormatException e) {
        throw InvalidInput.field("plan", "第 " + (i + 1) + " 期：需要到期日（如 2026-12-31）和金额");
      }
    }
    return out;
  }

  private Future<Object> setTarget(Call c) {
    JsonObject b = c.body();
    TargetMetric metric = TargetMetric.of(b.getString("metric"));
    TargetPeriod.Kind kind = TargetPeriod.Kind.of(b.getString("period"));
    LocalDate day = c.bodyDay("day");
    Long userId = b.getValue("userId") == null ? null : c.bodyLong("userId");
    Long departmentId = b.getValue("departmentId") == null ? null : c.bodyLong("departmentId");
    if ((userId == null) == (departmentId == null)) {
      throw InvalidInput.field("userId", "请指定一位同事（userId）或一个部门（departmentId），只能选一个");
    }
    return targets
        .today(c.actor().tenantId())
        .compose(
            today ->
                userId != null
                    ? targets.set(
                        c.actor(),
                        userId,
                        TargetPeriod.of(kind, day == null ? today : day),
                        metric,
                        c.bodyMoney("value"),
                        today)
                    : targets.setForDepartment(
                        c.actor(),
                        departmentId,
                        TargetPeriod.of(kind, day == null ? today : day),
                        metric,
                        c.bodyMoney("value"),
                        today))
        .map(ContractViews::target);
  }
}
