package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.org.ActiveColleague;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Objects;

/** Who has a customer, for {@link CustomerService}: transfer, undoing it, 协同人. */
final class CustomerOwnership {

  private final CustomerTransaction transaction;

  CustomerOwnership(Pool pool) {
    this.transaction = new CustomerTransaction(pool);
  }

  Future<Customer> transfer(Actor actor, long customerId, long newOwnerId) {
    return transaction.run(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (current.inPool()) {
                return Future.failedFuture(new Conflict("「" + current.name() + "」在公海中，请从公海分配给同事"));
              }
              if (!CustomerRules.canManage(access, current)) {
                return Future.failedFuture(
                    new Forbidden(
                        "only the owner, their manager or an admin may transfer customer "
                            + customerId));
              }
              if (Objects.equals(current.ownerId(), newOwnerId)) {
                return Future.succeededFuture(current);
              }
              return ActiveColleague.require(tx, actor.tenantId(), newOwnerId, "newOwnerId")
                  .compose(
                      v ->
                          tx.preparedQuery(CustomerSql.TRANSFER)
                              .execute(Tuple.of(actor.tenantId(), customerId, newOwnerId)))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "transfer",
                              "customer",
                              customerId,
                              new JsonObject()
                                  .put("ownerId", AuditLog.change(current.ownerId(), newOwnerId))))
                  .compose(v -> CustomerService.load(tx, actor.tenantId(), customerId, false));
            });
  }

  Future<Customer> undoTransfer(Actor actor, long customerId, Instant since) {
    // the rep who handed it over no longer sees it: having made the transfer is what counts
    // (mustSee false)
    return transaction.run(
        actor,
        customerId,
        (tx, access) ->
            current ->
                tx.preparedQuery(CustomerSql.LAST_TRANSFER)
                    .execute(Tuple.of(actor.tenantId(), customerId))
                    .compose(
                        rows -> {
                          Row last = rows.size() == 0 ? null : rows.iterator().next();
                          if (last == null
                              || actor.isSystem()
                              || !Objects.equals(last.getLong("actor_id"), actor.userId())) {
                            // to someone who neither sees it nor handed it over, it is as if the
                            // customer did not exist
                            return Future.<Customer>failedFuture(
                                CustomerRules.canRead(access, current)
                                    ? new Forbidden("只有转交这个客户的人可以撤销这次转交")
                                    : CustomerService.missing(customerId));
                          }
                          JsonObject owner =
                              last.getJsonObject("changes")
                                  .getJsonObject("ownerId", new JsonObject());
                          Long to = owner.getLong("to");
                          Long from = owner.getLong("from");
                          if (last.getOffsetDateTime("at").toInstant().isBefore(since)) {
                            return Future.<Customer>failedFuture(new Conflict("转交已超过撤销时限，不能撤销"));
                          }
                          if (!Objects.equals(current.ownerId(), to)) {
                            return Future.<Customer>failedFuture(
                                new Conflict("「" + current.name() + "」之后又换了负责人，不能撤销"));
                          }
                          Future<?> back =
                              from == null
                                  ? tx.preparedQuery(CustomerSql.BACK_TO_POOL)
                                      .execute(Tuple.of(actor.tenantId(), customerId))
                                      .compose(
                                          v ->
                                              tx.preparedQuery(CustomerSql.POOL_EVENT)
                                                  .execute(
                                                      Tuple.of(
                                                          actor.tenantId(),
                                                          customerId,
                                                          "release",
                                                          to)))
                                  : tx.preparedQuery(CustomerSql.TRANSFER)
                                      .execute(Tuple.of(actor.tenantId(), customerId, from));
                          return back.compose(
                                  v ->
                                      AuditLog.record(
                                          tx,
                                          actor,
                                          "transfer",
                                          "customer",
                                          customerId,
                                          new JsonObject()
                                              .put("ownerId", AuditLog.change(to, from))
                                              .put("undo", true)))
                              .compose(
                                  v ->
                                      CustomerService.load(
                                          tx, actor.tenantId(), customerId, false));
                        }),
        false,
        false);
  }

  Future<Customer> addCollaborator(Actor actor, long customerId, long userId) {
    return transaction.run(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (!CustomerRules.canManage(access, current)) {
                return Future.failedFuture(
                    new Forbidden(
                        "only the owner, their manager or an admin may add collaborators"));
              }
              return ActiveColleague.require(tx, actor.tenantId(), userId, "userId")
                  .compose(
                      v ->
                          tx.preparedQuery(CustomerSql.ADD_COLLABORATOR)
                              .execute(
                                  Tuple.of(
                                      actor.tenantId(),
                                      customerId,
                                      userId,
                                      actor.userId() == 0 ? userId : actor.userId())))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "add_collaborator",
                              "customer",
                              customerId,
                              new JsonObject().put("userId", userId)))
                  .compose(v -> CustomerService.load(tx, actor.tenantId(), customerId, false));
            });
  }

  Future<Customer> removeCollaborator(Actor actor, long customerId, long userId) {
    return transaction.run(
        actor,
        customerId,
        (tx, access) ->
            current -> {
              if (!CustomerRules.canManage(access, current)) {
                return Future.failedFuture(
                    new Forbidden(
                        "only the owner, their manager or an admin may remove collaborators"));
              }
              return tx.preparedQuery(CustomerSql.REMOVE_COLLABORATOR)
                  .execute(Tuple.of(actor.tenantId(), customerId, userId))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "remove_collaborator",
                              "customer",
                              customerId,
                              new JsonObject().put("userId", userId)))
                  .compose(v -> CustomerService.load(tx, actor.tenantId(), customerId, false));
            });
  }
}
