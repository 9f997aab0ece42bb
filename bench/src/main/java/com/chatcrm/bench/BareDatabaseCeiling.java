package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/**
 * The database ceiling: {@code count} single-row inserts, each its own transaction, through
 * vertx-pg-client with a pool of the service's size kept busy — nothing else around them — into a
 * fresh database on the same PostgreSQL. Answers inserts per second. A row is the size of an inbox
 * row of a text callback.
 */
public final class BareDatabaseCeiling {

  /** The service's {@code db.poolSize} default. */
  public static final int POOL_SIZE = 8;

  private static final String ROW = "x".repeat(1200);

  private BareDatabaseCeiling() {}

  public static double insertsPerSecond(BenchRun run, int count) throws Exception {
    DatabaseLocation db = run.database().fresh("crm_bench_bare_insert");
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(POOL_SIZE))
              .connectingTo(db.connectOptions())
              .using(vertx)
              .build();
      await(
          pool.query(
                  "CREATE TABLE bare_insert (tenant_id bigint NOT NULL, id bigint GENERATED ALWAYS AS IDENTITY,"
                      + " platform_key text NOT NULL, payload text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),"
                      + " PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, platform_key))")
              .execute());
      await(insert(vertx, pool, Math.min(count, 500)));
      long t0 = System.nanoTime();
      await(insert(vertx, pool, count));
      double perSecond = count / ((System.nanoTime() - t0) / 1e9);
      await(pool.close());
      return perSecond;
    } finally {
      await(vertx.close());
    }
  }

  /**
   * Keeps twice the pool's connections' worth of inserts queued, so no connection waits for the
   * next one.
   */
  private static Future<Void> insert(Vertx vertx, Pool pool, int count) {
    Promise<Void> done = Promise.promise();
    int[] started = {0};
    int[] finished = {0};
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          int i = started[0]++;
          pool.preparedQuery(
                  "INSERT INTO bare_insert (tenant_id, platform_key, payload) VALUES ($1, $2, $3)")
              .execute(Tuple.of(1L, "k" + System.nanoTime() + ":" + i, ROW))
              .onComplete(
                  ar -> {
                    if (ar.failed()) {
                      done.tryFail(ar.cause());
                      return;
                    }
                    if (++finished[0] == count) {
                      done.tryComplete();
                    } else if (started[0] < count) {
                      next[0].run();
                    }
                  });
        };
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < Math.min(count, POOL_SIZE * 2); i++) {
            next[0].run();
          }
        });
    return done.future();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
