package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Taking back: 作废 a contract (only while no money is recorded on it, since its numbers would lie
 * otherwise) and 撤回 a receipt (the contract's and instalments' amounts restored as if it had never
 * been recorded). With a window (chat 撤销) the change must be that recent.
 */
final class ContractUndo {

  private final Pool pool;
  private final Clock clock;
  private final ReminderService reminders;
  private final TenantService tenants;

  ContractUndo(Pool pool, Clock clock, ReminderService reminders, TenantService tenants) {
    this.pool = pool;
    this.clock = clock;
    this.reminders = reminders;
    this.tenants = tenants;
  }

  Future<Contract> voidContract(Actor actor, long contractId, Duration window) {
    long tenant = actor.tenantId();
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            ContractLoads.visible(tx, access, contractId, true)
                .compose(
                    k -> {
                      if (!ContractRules.canCreate(access, k.ownerId())) {
                        return Future.failedFuture(
                            new Forbidden("只有合同负责人或其上级可以作废合同 " + k.number()));
                      }
                      return tx.preparedQuery(ContractSql.CREATED)
                          .execute(Tuple.of(tenant, contractId))
                          .compose(
                              rows -> {
                                Row r = rows.iterator().next();
                                Future<Void> recent =
                                    within(r.getOffsetDateTime("created_at"), window);
                                Long renewal = r.getLong("renewal_reminder_id");
                                return recent
                                    .compose(v -> noReceipts(tx, tenant, k, window != null))
                                    .compose(v -> voidIt(tx, access, k, renewal));
                              });
                    }));
  }

  private Future<Void> noReceipts(SqlClient tx, long tenant, Contract k, boolean undo) {
    return tx.preparedQuery(ContractSql.ANY_RECEIPT)
        .execute(Tuple.of(tenant, k.id()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new Conflict(
                            undo
                                ? "合同 " + k.number() + " 之后已登记回款，不能撤销"
                                : "合同 " + k.number() + " 已有回款，不能作废：请先撤回回款")));
  }

  private Future<Contract> voidIt(SqlClient tx, Access access, Contract k, Long renewal) {
    List<Long> pending = new ArrayList<>();
    k.instalments().stream()
        .filter(i -> i.reminderId() != null)
        .forEach(i -> pending.add(i.reminderId()));
    if (renewal != null) {
      pending.add(renewal);
    }
    Actor actor = access.actor();
    return tx.preparedQuery(ContractSql.VOID)
        .execute(Tuple.of(access.tenantId(), k.id()))
        .compose(
            v ->
                pending.isEmpty()
                    ? Future.succeededFuture()
                    : reminders.cancelInTransaction(tx, actor, pending, "contract_voided"))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    "void",
                    "contract",
                    k.id(),
                    new JsonObject()
                        .put("number", k.number())
                        .put("opportunityId", k.opportunityId())
                        .put("amount", k.amount().toPlainString())))
        .map(k);
  }

  Future<Contract> withdrawReceipt(Actor actor, long contractId, long receiptId, Duration window) {
    long tenant = actor.tenantId();
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            ContractLoads.visible(tx, access, contractId, true)
                .compose(
                    k ->
                        tx.preparedQuery(ContractSql.RECEIPT)
                            .execute(Tuple.of(tenant, contractId, receiptId))
                            .compose(
                                rows -> {
                                  if (rows.size() == 0) {
                                    return Future.failedFuture(new NotFound("没有找到回款 " + receiptId));
                                  }
                                  Receipt receipt = ContractRows.receipt(rows.iterator().next());
                                  if (receipt.recordedBy() != actor.userId()
                                      && !ContractRules.canCreate(access, k.ownerId())) {
                                    return Future.failedFuture(
                                        new Forbidden("只有登记人或合同负责人（及其上级）可以撤回这笔回款"));
                                  }
                                  return within(receipt.recordedAt(), window)
                                      .compose(v -> takeBack(tx, access, k, receipt));
                                })));
  }

  /**
   * Receipts fill the instalments in due order, so what stays received after taking one back fills
   * them the same way: each instalment's received is recomputed from the contract's new total. An
   * instalment no longer paid has its reminder armed again when its due day is still ahead.
   */
  private Future<Contract> takeBack(SqlClient tx, Access access, Contract k, Receipt receipt) {
    long tenant = access.tenantId();
    BigDecimal left = k.received().subtract(receipt.amount());
    List<Instalment> reopened = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    BigDecimal remaining = left;
    for (Instalment i : k.instalments()) {
      BigDecimal now = remaining.min(i.amount()).max(BigDecimal.ZERO);
      remaining = remaining.subtract(now);
      boolean full = now.compareTo(i.amount()) >= 0;
      if (now.compareTo(i.received()) == 0) {
        continue;
      }
      if (i.paid() && !full) {
        reopened.add(i);
      }
      chain =
          chain.compose(
              v ->
                  tx.preparedQuery(ContractSql.APPLY_TO_INSTALMENT)
                      .execute(Tuple.of(tenant, i.id(), now, full))
                      .mapEmpty());
    }
    return chain
        .compose(
            v ->
                tx.preparedQuery(ContractSql.DELETE_RECEIPT)
                    .execute(Tuple.of(tenant, receipt.id())))
        .compose(
            v ->
                tx.preparedQuery(ContractSql.TAKE_BACK_RECEIVED)
                    .execute(Tuple.of(tenant, k.id(), receipt.amount())))
        .compose(v -> rearm(tx, access, k, reopened))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    access.actor(),
                    "receipt_withdrawn",
                    "contract",
                    k.id(),
                    new JsonObject()
                        .put("receiptId", receipt.id())
                        .put("amount", receipt.amount().toPlainString())
                        .put("receivedOn", receipt.receivedOn().toString())
                        .put("recordedBy", receipt.recordedBy())
                        .put(
                            "reopenedInstalments",
                            new JsonArray(reopened.stream().map(Instalment::seq).toList()))))
        .compose(v -> ContractLoads.visible(tx, access, k.id(), false));
  }

  private Future<Void> rearm(SqlClient tx, Access access, Contract k, List<Instalment> reopened) {
    if (reopened.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return tenants
        .get(access.tenantId())
        .compose(
            t -> {
              ZoneId zone = t.timeZone();
              Future<Void> chain = Future.succeededFuture();
              for (Instalment i : reopened) {
                chain =
                    chain.compose(
                        v ->
                            CollectionReminders.beforeDue(i.dueOn(), zone, now)
                                .map(
                                    at ->
                                        CollectionReminders.create(
                                                reminders,
                                                tx,
                                                access,
                                                k,
                                                at,
                                                CollectionReminders.dueText(
                                                    k.customerName(), k.number(), i))
                                            .compose(
                                                id ->
                                                    tx.preparedQuery(
                                                            ContractSql.SET_INSTALMENT_REMINDER)
                                                        .execute(
                                                            Tuple.of(access.tenantId(), i.id(), id))
                                                        .<Void>mapEmpty()))
                                .orElse(Future.succeededFuture()));
              }
              return chain;
            });
  }

  Future<List<Receipt>> receipts(SqlClient db, long tenant, long contractId) {
    return db.preparedQuery(ContractSql.RECEIPTS)
        .execute(Tuple.of(tenant, contractId))
        .map(
            rows -> {
              List<Receipt> out = new ArrayList<>();
              rows.forEach(r -> out.add(ContractRows.receipt(r)));
              return out;
            });
  }

  /** With a window, the change must have been made within it. */
  private Future<Void> within(OffsetDateTime at, Duration window) {
    if (window != null && at != null && at.toInstant().plus(window).isBefore(clock.instant())) {
      return Future.failedFuture(new Conflict("已超过 " + window.toMinutes() + " 分钟，不能撤销"));
    }
    return Future.succeededFuture();
  }
}
