package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * One lead's transaction: locks and loads it, refuses it as missing when the actor may not see it
 * (before any rule that would name it), then runs the work on it.
 */
final class LeadTransaction {

  @FunctionalInterface
  interface Work<T> {
    Future<T> apply(SqlConnection tx, Access access, Lead lead);
  }

  private final Pool pool;

  LeadTransaction(Pool pool) {
    this.pool = pool;
  }

  /** Work on a lead the actor may see. */
  <T> Future<T> visible(Actor actor, long leadId, Work<T> work) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            tx.preparedQuery(LeadSql.LOCK)
                .execute(Tuple.of(actor.tenantId(), leadId))
                .compose(v -> LeadService.load(tx, actor.tenantId(), leadId))
                .compose(
                    lead -> {
                      if (!LeadRules.canRead(access, lead)) {
                        return Future.failedFuture(LeadService.missing(leadId));
                      }
                      try {
                        return work.apply(tx, access, lead);
                      } catch (RuntimeException e) {
                        return Future.failedFuture(e);
                      }
                    }));
  }

  /**
   * Work on a lead the actor may work ({@link LeadRules#canWork}); one in the pool is claimed
   * first.
   */
  <T> Future<T> working(Actor actor, long leadId, Work<T> work) {
    return visible(
        actor,
        leadId,
        (tx, access, lead) -> {
          if (!LeadRules.canWork(access, lead)) {
            return Future.failedFuture(new Forbidden("线索「" + lead.company() + "」在线索池中，请先领取"));
          }
          return work.apply(tx, access, lead);
        });
  }

  /** The pool, for work that starts its own transaction. */
  Pool pool() {
    return pool;
  }
}
