package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.opportunity.OpportunityLoads.loadWithCustomer;
import static com.chatcrm.engine.opportunity.OpportunityLoads.requireLive;
import static com.chatcrm.engine.opportunity.OpportunityLoads.requireVisible;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.opportunity.OpportunityLoads.WithCustomer;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.function.BiFunction;

/**
 * The transactions of opportunity writes: each may change the funnel, loads and locks the
 * opportunity with its customer, and refuses one the actor may not see or edit.
 */
final class OpportunityTransaction {

  private final Pool pool;
  private final PipelineCache pipelines;

  OpportunityTransaction(Pool pool, PipelineCache pipelines) {
    this.pool = pool;
    this.pipelines = pipelines;
  }

  @FunctionalInterface
  interface Work<T> {
    Future<T> apply(SqlClient tx, Access access, WithCustomer pair);
  }

  @FunctionalInterface
  interface Edit {
    Future<Opportunity> apply(SqlClient tx, Access access, Opportunity current);
  }

  /** Runs an edit of a live opportunity the actor may edit, at the version the actor saw. */
  Future<Opportunity> editing(Actor actor, long opportunityId, int expectedVersion, Edit edit) {
    return inTransaction(
        actor,
        opportunityId,
        false,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canEdit(access, current, pair.customer())) {
            return Future.failedFuture(new Forbidden("你没有权限修改商机「" + current.name() + "」"));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          return edit.apply(tx, access, current);
        });
  }

  /**
   * A transaction that may change the tenant's funnel: cached funnels are dropped on every node, on
   * this one before the caller hears of the commit, so the actor's next funnel shows their change.
   */
  <T> Future<T> changingFunnel(Actor actor, BiFunction<SqlClient, Access, Future<T>> work) {
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                work.apply(tx, access)
                    .compose(result -> PipelineCache.announce(tx, actor.tenantId()).map(result)))
        .onSuccess(result -> pipelines.changed(actor.tenantId()));
  }

  <T> Future<T> inTransaction(
      Actor actor, long opportunityId, boolean includeDeleted, Work<T> work) {
    return changingFunnel(
        actor,
        (tx, access) ->
            loadWithCustomer(tx, actor.tenantId(), opportunityId, true)
                .compose(
                    pair -> {
                      try {
                        requireVisible(access, pair);
                      } catch (NotFound e) {
                        return Future.failedFuture(e);
                      }
                      if (!includeDeleted) {
                        try {
                          requireLive(pair);
                        } catch (NotFound e) {
                          return Future.failedFuture(e);
                        }
                      }
                      return work.apply(tx, access, pair);
                    }));
  }

  private static StaleVersion stale(Opportunity current, int expected) {
    return new StaleVersion(
        "商机「"
            + current.name()
            + "」已被他人修改（你的版本 "
            + expected
            + "，当前版本 "
            + current.version()
            + "），请刷新后重试",
        new JsonObject()
            .put("entity", "opportunity")
            .put("id", current.id())
            .put("expectedVersion", expected)
            .put("currentVersion", current.version()));
  }
}
