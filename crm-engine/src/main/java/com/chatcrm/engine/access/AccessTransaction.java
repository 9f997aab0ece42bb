package com.chatcrm.engine.access;

import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.error.Forbidden;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a service's change starts: a transaction on the pool, and the actor's access resolved inside
 * it, so the permission check sees the same org chart as the writes that follow.
 */
public final class AccessTransaction {

  private AccessTransaction() {}

  /**
   * Runs {@code work} with the transaction and the actor's access; it commits when the work
   * succeeds.
   */
  public static <T> Future<T> run(
      Pool pool, Actor actor, BiFunction<? super SqlConnection, ? super Access, Future<T>> work) {
    return Transactions.run(
        pool, tx -> AccessResolver.resolve(tx, actor).compose(access -> work.apply(tx, access)));
  }

  /**
   * {@link #run}, for a change only an admin (or the system) may make; anyone else gets {@code
   * refusal}.
   */
  public static <T> Future<T> asAdmin(
      Pool pool, Actor actor, String refusal, Function<? super SqlConnection, Future<T>> work) {
    return run(
        pool,
        actor,
        (tx, access) ->
            access.seesEverything() ? work.apply(tx) : Future.failedFuture(new Forbidden(refusal)));
  }
}
