package com.chatcrm.engine.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionRollbackException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every transaction of the service: {@code Pool.withTransaction}, except that the connection has an
 * exception handler. Without one, Vert.x prints the exception of a connection the server ends
 * mid-transaction (a restart, a failover: SQLSTATE 57P01) to standard error; the failed work is
 * already answered and counted where it was asked for (see {@link DatabaseOutage}).
 */
public final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  private Transactions() {}

  /** Runs {@code work} in a transaction that commits when it succeeds and rolls back otherwise. */
  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.getConnection()
        .compose(
            conn -> {
              conn.exceptionHandler(
                  e -> LOG.debug("connection ended in a transaction: {}", e.toString()));
              return conn.begin()
                  .compose(
                      tx ->
                          work.apply(conn)
                              .compose(
                                  result -> tx.commit().map(result),
                                  failure ->
                                      failure instanceof TransactionRollbackException
                                          ? Future.<T>failedFuture(failure)
                                          : tx.rollback()
                                              .transform(v -> Future.<T>failedFuture(failure))))
                  .eventually(conn::close);
            });
  }
}
