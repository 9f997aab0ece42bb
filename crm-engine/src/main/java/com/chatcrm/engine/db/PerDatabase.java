package com.chatcrm.engine.db;

import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * One shared object per database, found by its pool: a cache that every service instance on that
 * pool reads, while another database in the same JVM (a test's, the benchmark's) has its own.
 * Forgotten with its pool. A process with several pools on one database says so once ({@link
 * #sameDatabase}), so that they share it.
 */
public final class PerDatabase<T> {

  /** Pools that reach the same database as another pool, to that pool. */
  private static final Map<Pool, Pool> SAME_DATABASE = new WeakHashMap<>();

  private final Map<Pool, T> byPool = new WeakHashMap<>();
  private final Function<Pool, T> create;

  public PerDatabase(Function<Pool, T> create) {
    this.create = create;
  }

  /**
   * The {@code others} reach the same database as {@code pool}: what is shared per database is then
   * one object for all of them (a funnel changed through one pool is not left cached through
   * another).
   */
  public static void sameDatabase(Pool pool, Pool... others) {
    synchronized (SAME_DATABASE) {
      for (Pool other : others) {
        if (other != pool) {
          SAME_DATABASE.put(other, pool);
        }
      }
    }
  }

  public synchronized T of(Pool pool) {
    Pool primary;
    synchronized (SAME_DATABASE) {
      primary = SAME_DATABASE.getOrDefault(pool, pool);
    }
    return byPool.computeIfAbsent(primary, create);
  }
}
