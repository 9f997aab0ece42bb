package com.chatcrm.engine.customer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Iterator;

/**
 * Whether a tenant holds most of the customer table, by the planner's statistics (what ANALYZE last
 * counted), remembered by each search for ten minutes: reading pg_stats costs a round trip, which a
 * search should not.
 *
 * <p>The search's GIN indexes lead with tenant_id, and a lookup that names the tenant makes
 * PostgreSQL read the tenant's whole posting tree to intersect with the word's, on every lookup
 * whatever the word. For a tenant holding most of the customers the word's own entry is cheaper
 * alone: the other tenants' hits it also returns are fewer than the tenant's own, and the row's
 * tenant_id drops them.
 */
final class LargeTenants {

  /**
   * Above this share of the customers a tenant's key costs more than the other tenants' hits it
   * drops.
   */
  static final double SHARE = 0.5;

  private static final String SHARE_SQL =
      "SELECT m.f FROM pg_stats s CROSS JOIN LATERAL"
          + " unnest(s.most_common_vals::text::bigint[], s.most_common_freqs) AS m(v, f)"
          + " WHERE s.schemaname = current_schema() AND s.tablename = 'customer' AND s.attname = 'tenant_id'"
          + " AND m.v = $1";

  private final Pool pool;
  private final double share;
  private final Cache<Long, Boolean> known =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

  /** With a share of 0 every tenant counts as large: tests take that path with a few customers. */
  LargeTenants(Pool pool, double share) {
    this.pool = pool;
    this.share = share;
  }

  static LargeTenants of(Pool pool) {
    return new LargeTenants(pool, SHARE);
  }

  Future<Boolean> isLarge(long tenantId) {
    Boolean large = known.getIfPresent(tenantId);
    if (large != null) {
      return Future.succeededFuture(large);
    }
    return pool.preparedQuery(SHARE_SQL)
        .execute(Tuple.of(tenantId))
        .map(
            rows -> {
              // not among the most common values (or never analysed): a small share
              Iterator<Row> it = rows.iterator();
              boolean holdsMost = (it.hasNext() ? it.next().getDouble(0) : 0) >= share;
              known.put(tenantId, holdsMost);
              return holdsMost;
            });
  }

  /**
   * The tenant as a statement on the customers names it, where the statement asks a GIN index
   * (tenant_id, words): tenant_id + 0 is no index condition, so a large tenant's posting tree is
   * not read; a btree needs the tenant to range over and keeps the plain form.
   */
  static String tenantCondition(boolean large) {
    return large ? "c.tenant_id + 0 = $1" : "c.tenant_id = $1";
  }
}
