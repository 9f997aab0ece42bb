package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.function.BiFunction;

/**
 * One customer's access transaction: locks and loads it, refuses it as missing when the actor may
 * not see it, then runs the work on it.
 */
final class CustomerTransaction {

  private final Pool pool;

  CustomerTransaction(Pool pool) {
    this.pool = pool;
  }

  <T> Future<T> run(
      Actor actor,
      long customerId,
      BiFunction<SqlClient, Access, java.util.function.Function<Customer, Future<T>>> work) {
    return run(actor, customerId, work, false, true);
  }

  <T> Future<T> run(
      Actor actor,
      long customerId,
      BiFunction<SqlClient, Access, java.util.function.Function<Customer, Future<T>>> work,
      boolean includeDeleted) {
    return run(actor, customerId, work, includeDeleted, true);
  }

  /**
   * @param mustSee refuse a customer the actor may not see as such, before telling what they may
   *     not do with it
   */
  <T> Future<T> run(
      Actor actor,
      long customerId,
      BiFunction<SqlClient, Access, java.util.function.Function<Customer, Future<T>>> work,
      boolean includeDeleted,
      boolean mustSee) {
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                CustomerService.load(tx, actor.tenantId(), customerId, true)
                    .compose(
                        current -> {
                          // one the actor may not see fails like a missing id, before any rule that
                          // names it
                          // (a deleted one too: "is deleted" would confirm that the id was
                          // someone's customer)
                          if (!CustomerRules.canRead(access, current)
                              && (mustSee || current.deleted())) {
                            return Future.failedFuture(CustomerService.missing(customerId));
                          }
                          if (current.deleted() && !includeDeleted) {
                            return Future.failedFuture(
                                new NotFound("customer " + customerId + " is deleted"));
                          }
                          return work.apply(tx, access).apply(current);
                        }))
        .recover(
            e ->
                CustomerDuplicates.uniqueViolation(e)
                    ? Future.failedFuture(
                        new Duplicate("a customer with the same name or phone exists already"))
                    : Future.failedFuture(e));
  }
}
