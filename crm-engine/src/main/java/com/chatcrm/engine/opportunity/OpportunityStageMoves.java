package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.opportunity.OpportunityLoads.load;
import static com.chatcrm.engine.opportunity.StageLocks.closingStage;
import static com.chatcrm.engine.opportunity.StageLocks.lockStage;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * Stage moves for {@link OpportunityService}: move, move back, win, lose; every move recorded with
 * who and when, and a win or its undo carried to the customer's level.
 */
final class OpportunityStageMoves {

  static final int MAX_REASON = 500;

  private final OpportunityTransaction transaction;

  OpportunityStageMoves(OpportunityTransaction transaction) {
    this.transaction = transaction;
  }

  Future<Opportunity> moveStage(
      Actor actor, long opportunityId, int expectedVersion, long stageId) {
    return move(actor, opportunityId, expectedVersion, stageId, false);
  }

  Future<Opportunity> moveBack(Actor actor, long opportunityId, int expectedVersion, long stageId) {
    return move(actor, opportunityId, expectedVersion, stageId, true);
  }

  private Future<Opportunity> move(
      Actor actor, long opportunityId, int expectedVersion, long stageId, boolean undo) {
    return transaction.editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) ->
            lockStage(tx, actor.tenantId(), stageId)
                .compose(
                    target -> {
                      if (target.kind() == StageKind.LOST) {
                        return Future.failedFuture(InvalidInput.field("reason", "输单需要填写原因"));
                      }
                      if (target.id() == current.stageId()) {
                        return Future.succeededFuture(current);
                      }
                      return transition(tx, actor, current, target, null)
                          .compose(
                              moved ->
                                  undo
                                          && current.status() == OpportunityStatus.WON
                                          && moved.status() != OpportunityStatus.WON
                                      ? customerUnwon(tx, actor, current).map(moved)
                                      : Future.succeededFuture(moved));
                    }));
  }

  Future<Opportunity> win(Actor actor, long opportunityId, int expectedVersion) {
    return transaction.editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) ->
            closingStage(tx, actor.tenantId(), StageKind.WON)
                .compose(
                    won ->
                        won.id() == current.stageId()
                            ? Future.succeededFuture(current)
                            : transition(tx, actor, current, won, null)));
  }

  Future<Opportunity> lose(Actor actor, long opportunityId, int expectedVersion, String reason) {
    String why = reason == null ? "" : reason.strip();
    if (ControlCharacters.found(why)) {
      return Future.failedFuture(ControlCharacters.refusal("reason"));
    }
    if (why.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("reason", "输单需要填写原因"));
    }
    if (why.length() > MAX_REASON) {
      return Future.failedFuture(InvalidInput.field("reason", "输单原因不能超过 " + MAX_REASON + " 个字"));
    }
    return transaction.editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) -> {
          if (current.status() == OpportunityStatus.LOST) {
            return Future.failedFuture(new Conflict("商机「" + current.name() + "」已经是输单"));
          }
          return closingStage(tx, actor.tenantId(), StageKind.LOST)
              .compose(lost -> transition(tx, actor, current, lost, why));
        });
  }

  private Future<Opportunity> transition(
      SqlClient tx, Actor actor, Opportunity current, Stage target, String lostReason) {
    OpportunityStatus status = OpportunityStatus.of(target.kind());
    // The closed states pin the probability whatever the stage row says: won is certain, lost is
    // nothing.
    int probability =
        switch (status) {
          case WON -> 100;
          case LOST -> 0;
          case OPEN -> target.probability();
        };
    JsonObject changes =
        new JsonObject()
            .put("stageId", AuditLog.change(current.stageId(), target.id()))
            .put("stage", AuditLog.change(current.stageName(), target.name()));
    if (status != current.status()) {
      changes.put("status", AuditLog.change(current.status().code(), status.code()));
    }
    if (probability != current.probability()) {
      changes.put("probability", AuditLog.change(current.probability(), probability));
    }
    if (!Objects.equals(lostReason, current.lostReason())) {
      changes.put("lostReason", AuditLog.change(current.lostReason(), lostReason));
    }
    return tx.preparedQuery(OpportunitySql.MOVE)
        .execute(
            Tuple.of(
                actor.tenantId(),
                current.id(),
                target.id(),
                status.code(),
                probability,
                lostReason))
        .compose(
            v ->
                recordMove(
                    tx, actor, current.id(), current.stageId(), target.id(), current.ownerId()))
        .compose(
            v -> AuditLog.record(tx, actor, "stage_move", "opportunity", current.id(), changes))
        .compose(
            v ->
                status == OpportunityStatus.WON && current.status() != OpportunityStatus.WON
                    ? customerWon(tx, actor, current.customerId())
                    : Future.<Void>succeededFuture())
        .compose(v -> load(tx, actor.tenantId(), current.id(), false));
  }

  /**
   * A win makes the customer 成交 in the same transaction, audited as an update of the customer's
   * level.
   */
  private static Future<Void> customerWon(SqlClient tx, Actor actor, long customerId) {
    return tx.preparedQuery(OpportunitySql.CUSTOMER_WON)
        .execute(Tuple.of(actor.tenantId(), customerId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.<Void>succeededFuture()
                    : AuditLog.record(
                        tx,
                        actor,
                        "update",
                        "customer",
                        customerId,
                        new JsonObject()
                            .put(
                                "level",
                                AuditLog.change(
                                    rows.iterator().next().getString("level"), "deal"))));
  }

  /**
   * Undoing a win gives the customer back its level from before the win, audited like the win's
   * change.
   */
  private static Future<Void> customerUnwon(SqlClient tx, Actor actor, Opportunity unwon) {
    return tx.preparedQuery(OpportunitySql.CUSTOMER_UNWON)
        .execute(Tuple.of(actor.tenantId(), unwon.id(), unwon.customerId()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.<Void>succeededFuture()
                    : AuditLog.record(
                        tx,
                        actor,
                        "update",
                        "customer",
                        unwon.customerId(),
                        new JsonObject()
                            .put(
                                "level",
                                AuditLog.change(
                                    "deal", rows.iterator().next().getString("level")))));
  }

  /** The system has no user row, so its moves are booked to the opportunity's owner. */
  static Future<Void> recordMove(
      SqlClient tx, Actor actor, long opportunityId, Long from, long to, long owner) {
    return tx.preparedQuery(OpportunitySql.INSERT_MOVE)
        .execute(
            Tuple.of(
                actor.tenantId(),
                opportunityId,
                from,
                to,
                actor.isSystem() ? owner : actor.userId()))
        .mapEmpty();
  }
}
