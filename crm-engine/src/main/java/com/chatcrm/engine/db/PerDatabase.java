package com.chatcrm.engine.db;

import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * One shared object per database, found by its pool: a cache that every service instance on that pool reads,
 * while another database in the same JVM (a test's, the benchmark's) has its own. Forgotten with its pool.
 */
public final class PerDatabase<T> {

  private final Map<Pool, T> byPool = new WeakHashMap<>();
  private final Function<Pool, T> create;

  public PerDatabase(Function<Pool, T> create) {
    this.create = create;
  }

  public synchronized T of(Pool pool) {
    return byPool.computeIfAbsent(pool, create);
  }
}
