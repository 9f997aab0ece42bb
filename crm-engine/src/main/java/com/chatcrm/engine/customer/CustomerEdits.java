package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * Customer edits for {@link CustomerService}: update with optimistic locking, soft delete, restore.
 */
final class CustomerEdits {

  private final Pool pool;
  private final CustomerTransaction transaction;
  private final PipelineCache pipelines;
  private final NameChanges names;

  CustomerEdits(Pool pool, PipelineCache pipelines, NameChanges names) {
    this.pool = pool;
    this.names = names;
    this.transaction = new CustomerTransaction(pool);
    this.pipelines = pipelines;
  }

  Future<Customer> update(
      Actor actor, long customerId, int expectedVersion, CustomerChanges changes) {
    return transaction
        .run(
            actor,
            customerId,
            (tx, access) ->
                current -> {
                  if (!CustomerRules.canEdit(access, current)) {
                    return Future.failedFuture(
                        new Forbidden("you may not edit customer " + customerId));
                  }
                  if (current.version() != expectedVersion) {
                    return Future.failedFuture(stale(current, expectedVersion));
                  }
                  CustomerFields before = CustomerFields.of(current);
                  CustomerFields after;
                  try {
                    after = before.apply(changes);
                  } catch (InvalidInput e) {
                    return Future.failedFuture(e);
                  }
                  JsonObject diff = FieldChanges.between(before.toJson(), after.toJson());
                  if (diff.isEmpty()) {
                    return Future.succeededFuture(current);
                  }
                  Future<Void> dedupe =
                      after.nameNorm().equals(before.nameNorm())
                              && after.phoneNorms().equals(before.phoneNorms())
                          ? Future.succeededFuture()
                          : CustomerDuplicates.refuse(tx, access, after, customerId);
                  return dedupe
                      .compose(
                          v ->
                              tx.preparedQuery(CustomerSql.UPDATE)
                                  .execute(after.updateTuple(actor.tenantId(), customerId)))
                      .compose(
                          v -> AuditLog.record(tx, actor, "update", "customer", customerId, diff))
                      .compose(
                          v ->
                              after.name().equals(before.name())
                                      && Objects.equals(after.shortName(), before.shortName())
                                      && after.aliases().equals(before.aliases())
                                  ? Future.<Void>succeededFuture()
                                  : KnownCustomers.announce(tx, actor.tenantId()))
                      .compose(v -> CustomerService.load(tx, actor.tenantId(), customerId, false));
                })
        .onSuccess(
            c -> {
              if (changes.name() != null
                  || changes.shortName() != null
                  || changes.aliases() != null) {
                names.changed(actor.tenantId());
              }
            });
  }

  Future<Customer> delete(Actor actor, long customerId) {
    return transaction
        .run(
            actor,
            customerId,
            (tx, access) ->
                current -> {
                  if (!CustomerRules.canManage(access, current)) {
                    return Future.failedFuture(
                        new Forbidden(
                            "only the owner, their manager or an admin may delete customer "
                                + customerId));
                  }
                  return tx.preparedQuery(CustomerSql.SOFT_DELETE)
                      .execute(Tuple.of(actor.tenantId(), customerId, actor.auditUserId()))
                      .compose(
                          v -> AuditLog.record(tx, actor, "delete", "customer", customerId, null))
                      // its opportunities leave (or re-enter) the funnel
                      .compose(v -> PipelineCache.announce(tx, actor.tenantId()))
                      .compose(v -> KnownCustomers.announce(tx, actor.tenantId()))
                      .compose(v -> CustomerService.load(tx, actor.tenantId(), customerId, false));
                },
            true)
        .onSuccess(
            c -> {
              pipelines.changed(actor.tenantId());
              names.changed(actor.tenantId());
            });
  }

  Future<Customer> restore(Actor actor, long customerId) {
    return transaction
        .run(
            actor,
            customerId,
            (tx, access) ->
                current -> {
                  if (!current.deleted()) {
                    return Future.succeededFuture(current);
                  }
                  // a deleted customer is shown to no one who cannot restore it (a collaborator
                  // included): to them it is as missing as an id that never existed
                  if (!CustomerRules.canManage(access, current)) {
                    return Future.failedFuture(CustomerService.missing(customerId));
                  }
                  return CustomerDuplicates.refuse(
                          tx, access, CustomerFields.of(current), customerId)
                      .compose(
                          v ->
                              tx.preparedQuery(CustomerSql.RESTORE)
                                  .execute(Tuple.of(actor.tenantId(), customerId)))
                      .compose(
                          v -> AuditLog.record(tx, actor, "restore", "customer", customerId, null))
                      // its opportunities leave (or re-enter) the funnel
                      .compose(v -> PipelineCache.announce(tx, actor.tenantId()))
                      .compose(v -> KnownCustomers.announce(tx, actor.tenantId()))
                      .compose(v -> CustomerService.load(tx, actor.tenantId(), customerId, false));
                },
            true)
        .onSuccess(
            c -> {
              pipelines.changed(actor.tenantId());
              names.changed(actor.tenantId());
            });
  }

  private static StaleVersion stale(Customer current, int expected) {
    return new StaleVersion(
        "客户「"
            + current.name()
            + "」已被他人修改（你的版本 "
            + expected
            + "，当前版本 "
            + current.version()
            + "），请刷新后重试",
        new JsonObject()
            .put("entity", "customer")
            .put("id", current.id())
            .put("expectedVersion", expected)
            .put("currentVersion", current.version()));
  }
}
