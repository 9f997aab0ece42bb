package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.Yuan;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * 回款: records money received and applies it to the unpaid instalments in due order; an instalment
 * paid in full has its pending reminder cancelled. A receipt never exceeds what is outstanding, and
 * one chat message records at most one receipt however often it is delivered.
 */
final class ReceiptRecorder {

  private final Pool pool;
  private final Clock clock;
  private final ReminderService reminders;
  private final TenantService tenants;

  ReceiptRecorder(Pool pool, Clock clock, ReminderService reminders, TenantService tenants) {
    this.pool = pool;
    this.clock = clock;
    this.reminders = reminders;
    this.tenants = tenants;
  }

  Future<ReceiptResult> record(Actor actor, NewReceipt input, String messageId) {
    BigDecimal amount;
    String note;
    try {
      amount = ContractFields.positive("amount", input.amount(), "回款金额");
      note = ContractFields.note(input.note());
      DateBounds.refuse("receivedOn", input.receivedOn());
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            ContractLoads.visible(tx, access, input.contractId(), true)
                .compose(
                    k ->
                        messageId == null
                            ? apply(tx, access, k, amount, input.receivedOn(), note, null)
                            : tx.preparedQuery(ContractSql.RECEIPT_OF_MESSAGE)
                                .execute(Tuple.of(actor.tenantId(), k.id(), messageId))
                                .compose(
                                    done ->
                                        done.size() > 0
                                            ? Future.succeededFuture(
                                                new ReceiptResult(
                                                    done.iterator().next().getLong("id"),
                                                    done.iterator().next().getBigDecimal("amount"),
                                                    k,
                                                    List.of(),
                                                    true))
                                            : apply(
                                                tx,
                                                access,
                                                k,
                                                amount,
                                                input.receivedOn(),
                                                note,
                                                messageId))));
  }

  private Future<ReceiptResult> apply(
      SqlClient tx,
      Access access,
      Contract k,
      BigDecimal amount,
      LocalDate receivedOn,
      String note,
      String messageId) {
    Actor actor = access.actor();
    long tenant = actor.tenantId();
    if (amount.compareTo(k.outstanding()) > 0) {
      return Future.failedFuture(
          InvalidInput.field(
              "amount",
              k.settled()
                  ? "合同 " + k.number() + " 已全部回款"
                  : "回款 "
                      + Yuan.format(amount)
                      + " 超过合同 "
                      + k.number()
                      + " 未回款的 "
                      + Yuan.format(k.outstanding())));
    }
    return tenants
        .get(tenant)
        .compose(
            t -> {
              ZoneId zone = t.timeZone();
              LocalDate today = clock.instant().atZone(zone).toLocalDate();
              LocalDate on = receivedOn == null ? today : receivedOn;
              if (on.isAfter(today)) {
                return Future.failedFuture(InvalidInput.field("receivedOn", "回款日期不能晚于今天"));
              }
              return tx.preparedQuery(ContractSql.INSERT_RECEIPT)
                  .execute(
                      Tuple.from(
                          new Object[] {
                            tenant,
                            k.id(),
                            amount,
                            on,
                            note,
                            actor.isSystem() ? k.ownerId() : actor.userId(),
                            messageId
                          }))
                  .map(rows -> rows.iterator().next().getLong(0))
                  .compose(receiptId -> allocate(tx, access, k, amount, receiptId, on));
            });
  }

  private Future<ReceiptResult> allocate(
      SqlClient tx, Access access, Contract k, BigDecimal amount, long receiptId, LocalDate on) {
    Actor actor = access.actor();
    long tenant = actor.tenantId();
    List<Integer> paid = new ArrayList<>();
    List<Long> settledReminders = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    BigDecimal remaining = amount;
    for (Instalment i : k.instalments()) {
      if (i.paid() || remaining.signum() == 0) {
        continue;
      }
      BigDecimal take = remaining.min(i.outstanding());
      remaining = remaining.subtract(take);
      BigDecimal now = i.received().add(take);
      boolean full = now.compareTo(i.amount()) >= 0;
      if (full) {
        paid.add(i.seq());
        if (i.reminderId() != null) {
          settledReminders.add(i.reminderId());
        }
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
                tx.preparedQuery(ContractSql.ADD_RECEIVED)
                    .execute(Tuple.of(tenant, k.id(), amount)))
        .compose(
            v ->
                settledReminders.isEmpty()
                    ? Future.succeededFuture()
                    : reminders.cancelInTransaction(tx, actor, settledReminders, "instalment_paid"))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    "receipt",
                    "contract",
                    k.id(),
                    new JsonObject()
                        .put("receiptId", receiptId)
                        .put("amount", amount.toPlainString())
                        .put("receivedOn", on.toString())
                        .put("paidInstalments", new JsonArray(paid))))
        .compose(v -> ContractLoads.visible(tx, access, k.id(), false))
        .map(after -> new ReceiptResult(receiptId, amount, after, List.copyOf(paid), false));
  }
}
