package com.chatcrm.engine.report;

import com.chatcrm.engine.change.ChangeFeed;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recently computed funnels, one per process: a manager's funnel over 500 reps costs tens of
 * milliseconds of database time, and the same one is asked for again and again (chat, mini-app, the
 * 日报).
 *
 * <p>Keyed by tenant, the owners counted (the scope as resolved now, so an org change is a new
 * key), the period, and the tenant's generation. Any change to a tenant's opportunities, stages or
 * customers' deletion bumps the generation: at once on the node that made it ({@link #changed},
 * after commit), on the others through the {@link ChangeFeed} message {@code pipeline:<tenant>}. So
 * nobody sees a funnel older than their own change; a change on another node shows within the
 * feed's delay; a gap in the feed drops every tenant's entries.
 */
public final class PipelineCache implements ChangeFeed.Listener {

  /** The change-feed message prefix; the tenant id follows. */
  public static final String CHANGE_PREFIX = "pipeline:";

  static final Duration TTL = Duration.ofSeconds(30);

  private static final PipelineCache NONE = new PipelineCache(0);

  private final Cache<Key, PipelineSummary> entries;
  private final Cache<TenantValue, Object> tenantValues;
  private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();
  // added to every tenant's generation: a gap in the feed makes every entry stale at once
  private final AtomicLong everyone = new AtomicLong();

  private PipelineCache(long maxEntries) {
    this.entries = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(maxEntries).build();
    this.tenantValues = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(maxEntries).build();
  }

  /**
   * The cache the composition root builds once and gives every service that reads or changes
   * funnels.
   */
  public static PipelineCache create() {
    return new PipelineCache(10_000);
  }

  /** Caches nothing: every summary is computed. */
  public static PipelineCache none() {
    return NONE;
  }

  /**
   * Marks the tenant's funnels stale for the other nodes; call inside the transaction that changes
   * them.
   */
  public static Future<Void> announce(SqlClient tx, long tenantId) {
    return ChangeFeed.announce(tx, CHANGE_PREFIX + tenantId);
  }

  /** The tenant's funnels are stale on this node: call after the change committed. */
  public void changed(long tenantId) {
    generation(tenantId).incrementAndGet();
  }

  /** A change-feed message; those of other kinds are ignored. */
  @Override
  public void onChange(String message) {
    if (message != null && message.startsWith(CHANGE_PREFIX)) {
      try {
        changed(Long.parseLong(message.substring(CHANGE_PREFIX.length())));
      } catch (NumberFormatException ignored) {
        // not ours
      }
    }
  }

  /** The feed missed messages: every tenant's funnels and values may have changed. */
  @Override
  public void onMissedChanges() {
    everyone.incrementAndGet();
    entries.invalidateAll();
    tenantValues.invalidateAll();
  }

  /**
   * The cached summary, else {@code compute}'s, kept unless the tenant changed while it was
   * computed.
   *
   * @param owners the owner ids counted, null for the whole tenant
   */
  Future<PipelineSummary> get(
      long tenantId,
      PipelineScope scope,
      Long[] owners,
      PipelinePeriod period,
      java.util.function.Supplier<Future<PipelineSummary>> compute) {
    if (this == NONE) {
      return compute.get();
    }
    long generation = current(tenantId);
    Key key = new Key(tenantId, generation, scope, owners == null ? null : sorted(owners), period);
    PipelineSummary hit = entries.getIfPresent(key);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    return compute
        .get()
        .onSuccess(
            summary -> {
              if (current(tenantId) == generation) {
                entries.put(key, summary);
              }
            });
  }

  /**
   * A value of the tenant's that changes only with its funnels (e.g. its stages, read for every
   * chat line), kept and dropped exactly like the funnels: {@code what} names it.
   */
  @SuppressWarnings("unchecked")
  public <T> Future<T> tenantValue(
      String what, long tenantId, java.util.function.Supplier<Future<T>> compute) {
    if (this == NONE) {
      return compute.get();
    }
    long generation = current(tenantId);
    TenantValue key = new TenantValue(what, tenantId, generation);
    Object hit = tenantValues.getIfPresent(key);
    if (hit != null) {
      return Future.succeededFuture((T) hit);
    }
    return compute
        .get()
        .onSuccess(
            value -> {
              if (value != null && current(tenantId) == generation) {
                tenantValues.put(key, value);
              }
            });
  }

  private record TenantValue(String what, long tenantId, long generation) {}

  private long current(long tenantId) {
    return everyone.get() + generation(tenantId).get();
  }

  private AtomicLong generation(long tenantId) {
    return generations.computeIfAbsent(tenantId, t -> new AtomicLong());
  }

  private static long[] sorted(Long[] owners) {
    long[] out = Arrays.stream(owners).mapToLong(Long::longValue).toArray();
    Arrays.sort(out);
    return out;
  }

  private record Key(
      long tenantId, long generation, PipelineScope scope, long[] owners, PipelinePeriod period) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && tenantId == k.tenantId
          && generation == k.generation
          && scope == k.scope
          && Arrays.equals(owners, k.owners)
          && period.equals(k.period);
    }

    @Override
    public int hashCode() {
      return (int) (tenantId * 31 + generation) * 31
          + scope.hashCode() * 17
          + Arrays.hashCode(owners)
          + period.hashCode();
    }
  }
}
