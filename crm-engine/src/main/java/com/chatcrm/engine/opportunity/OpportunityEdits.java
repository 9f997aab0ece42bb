package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.opportunity.OpportunityLoads.load;
import static com.chatcrm.engine.opportunity.StageLocks.lockStage;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.org.ActiveColleague;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

/** Opportunity edits for {@link OpportunityService}: update, transfer, soft delete, restore. */
final class OpportunityEdits {

  private final OpportunityTransaction transaction;

  OpportunityEdits(OpportunityTransaction transaction) {
    this.transaction = transaction;
  }

  Future<Opportunity> update(
      Actor actor, long opportunityId, int expectedVersion, OpportunityChanges changes) {
    return transaction.editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) -> {
          if (changes.probability() != null
              && current.closed()
              && changes.probability() != current.probability()) {
            return Future.failedFuture(
                new Conflict(
                    "商机已" + current.status().label() + "，赢率固定为 " + current.probability() + "%"));
          }
          OpportunityFields before = OpportunityFields.of(current);
          OpportunityFields after;
          try {
            after = before.apply(changes);
          } catch (InvalidInput e) {
            return Future.failedFuture(e);
          }
          JsonObject diff = FieldChanges.between(before.toJson(), after.toJson());
          if (diff.isEmpty()) {
            return Future.succeededFuture(current);
          }
          return tx.preparedQuery(OpportunitySql.UPDATE)
              .execute(
                  Tuple.of(
                      actor.tenantId(),
                      opportunityId,
                      after.name(),
                      after.amount(),
                      after.expectedClose(),
                      after.probability()))
              .compose(
                  v -> AuditLog.record(tx, actor, "update", "opportunity", opportunityId, diff))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }

  Future<Opportunity> transfer(Actor actor, long opportunityId, long newOwnerId) {
    return transaction.inTransaction(
        actor,
        opportunityId,
        false,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canManage(access, current, pair.customer())) {
            return Future.failedFuture(
                new Forbidden("只有负责人、其上级或管理员可以转移商机「" + current.name() + "」"));
          }
          if (current.ownerId() == newOwnerId) {
            return Future.succeededFuture(current);
          }
          return ActiveColleague.require(tx, actor.tenantId(), newOwnerId, "newOwnerId")
              .compose(
                  v ->
                      tx.preparedQuery(OpportunitySql.TRANSFER)
                          .execute(Tuple.of(actor.tenantId(), opportunityId, newOwnerId)))
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "transfer",
                          "opportunity",
                          opportunityId,
                          new JsonObject()
                              .put("ownerId", AuditLog.change(current.ownerId(), newOwnerId))))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }

  Future<Opportunity> delete(Actor actor, long opportunityId) {
    return transaction.inTransaction(
        actor,
        opportunityId,
        false,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canManage(access, current, pair.customer())) {
            return Future.failedFuture(
                new Forbidden("只有负责人、其上级或管理员可以删除商机「" + current.name() + "」"));
          }
          return tx.preparedQuery(OpportunitySql.SOFT_DELETE)
              .execute(Tuple.of(actor.tenantId(), opportunityId))
              .compose(
                  v -> AuditLog.record(tx, actor, "delete", "opportunity", opportunityId, null))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }

  Future<Opportunity> restore(Actor actor, long opportunityId) {
    return transaction.inTransaction(
        actor,
        opportunityId,
        true,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canManage(access, current, pair.customer())) {
            return Future.failedFuture(
                new Forbidden("只有负责人、其上级或管理员可以恢复商机「" + current.name() + "」"));
          }
          if (!current.deleted()) {
            return Future.succeededFuture(current);
          }
          if (pair.customer().deleted()) {
            return Future.failedFuture(
                new Conflict("客户「" + pair.customer().name() + "」已删除，请先恢复客户"));
          }
          return lockStage(tx, actor.tenantId(), current.stageId())
              .recover(
                  e ->
                      Future.failedFuture(
                          e instanceof InvalidInput
                              ? new Conflict("商机所在的阶段「" + current.stageName() + "」已停用，请先启用该阶段")
                              : e))
              .compose(
                  stage ->
                      tx.preparedQuery(OpportunitySql.RESTORE)
                          .execute(Tuple.of(actor.tenantId(), opportunityId)))
              .compose(
                  v -> AuditLog.record(tx, actor, "restore", "opportunity", opportunityId, null))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }
}
