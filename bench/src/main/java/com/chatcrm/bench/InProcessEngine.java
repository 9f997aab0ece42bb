package com.chatcrm.bench;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The engine inside the bench JVM, hosted the way the server hosts it (its own Vert.x, a pool on
 * the demo tenant's database), for the scenarios that call engine services directly. The blocking
 * helpers are for the bench's main thread only.
 */
final class InProcessEngine implements AutoCloseable {

  private final Vertx vertx;
  private final Pool pool;
  private final DatabaseLocation location;
  private Pool baselinePool;

  private InProcessEngine(Vertx vertx, Pool pool, DatabaseLocation location) {
    this.vertx = vertx;
    this.pool = pool;
    this.location = location;
  }

  /**
   * Brings a kept dataset up to this build's schema first: its indexes are part of what is
   * measured.
   */
  static InProcessEngine open(BigDataset data, int poolSize) {
    Migrations.migrate(data.location());
    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(data.location().connectOptions())
            .using(vertx)
            .build();
    return new InProcessEngine(vertx, pool, data.location());
  }

  Pool pool() {
    return pool;
  }

  /**
   * A pool for the baselines, the bare database ceiling: with the settings the engine gives its
   * report statements (no JIT compilation, 32 MB of work_mem, each planned for its own parameters),
   * which the server's defaults would not.
   */
  synchronized Pool baselinePool() {
    if (baselinePool == null) {
      baselinePool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(4))
              .connectingTo(
                  location
                      .connectOptions()
                      .addProperty("jit", "off")
                      .addProperty("work_mem", "32MB")
                      .addProperty("plan_cache_mode", "force_custom_plan"))
              .using(vertx)
              .build();
    }
    return baselinePool;
  }

  Vertx vertx() {
    return vertx;
  }

  DatabaseLocation location() {
    return location;
  }

  static Actor actor(BigDataset data, long userId) {
    return Actor.user(data.tenantId(), userId, Source.system("bench"));
  }

  Access access(Actor actor) {
    return await(AccessResolver.resolve(pool, actor));
  }

  <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Calls {@code call} one at a time, {@code warmup} times unrecorded then {@code n} times, in
   * microseconds.
   */
  Histogram time(String label, int warmup, int n, Supplier<Future<?>> call) {
    for (int i = 0; i < warmup; i++) {
      await(call.get());
    }
    Histogram h = Latencies.newHistogram();
    long lastReport = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      await(call.get());
      h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        System.out.printf("bench:     %s: %d/%d%n", label, i + 1, n);
        lastReport = System.nanoTime();
      }
    }
    return h;
  }

  @Override
  public void close() {
    if (baselinePool != null) {
      await(baselinePool.close());
    }
    await(pool.close());
    await(vertx.close());
  }
}
