package com.chatcrm.engine.customer;

import com.chatcrm.engine.db.PerDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether a tenant holds most of the customer table, by the planner's statistics (what ANALYZE last counted),
 * remembered per database for ten minutes: reading pg_stats costs a millisecond, a search should not.
 *
 * <p>The search's GIN indexes lead with tenant_id, and a lookup that names the tenant makes PostgreSQL read
 * the tenant's whole posting tree to intersect with the word's: 290 pages and 6–15 ms per lookup for a tenant
 * of 1,000,000 customers, whatever the word. For such a tenant the word's own entry is cheaper alone: the other
 * tenants' hits it also returns are fewer than the tenant's own, and the row's tenant_id drops them.
 */
final class LargeTenants {

  /** Above this share of the customers a tenant's key costs more than the other tenants' hits it drops. */
  static final double SHARE = 0.5;

  private static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final PerDatabase<LargeTenants> BY_DATABASE = new PerDatabase<>(p -> new LargeTenants(p, SHARE));
  private static final String SHARE_SQL = "SELECT m.f FROM pg_stats s CROSS JOIN LATERAL"
      + " unnest(s.most_common_vals::text::bigint[], s.most_common_freqs) AS m(v, f)"
      + " WHERE s.schemaname = current_schema() AND s.tablename = 'customer' AND s.attname = 'tenant_id'"
      + " AND m.v = $1";

  private record Known(boolean large, long at) {}

  private final Pool pool;
  private final double share;
  private final Map<Long, Known> known = new ConcurrentHashMap<>();

  /** With a share of 0 every tenant counts as large: tests take that path with a few customers. */
  LargeTenants(Pool pool, double share) {
    this.pool = pool;
    this.share = share;
  }

  static LargeTenants of(Pool pool) {
    return BY_DATABASE.of(pool);
  }

  Future<Boolean> isLarge(long tenantId) {
    long now = System.nanoTime();
    Known k = known.get(tenantId);
    if (k != null && now - k.at() < TTL_NANOS) {
      return Future.succeededFuture(k.large());
    }
    return pool.preparedQuery(SHARE_SQL).execute(Tuple.of(tenantId)).map(rows -> {
      // not among the most common values (or never analysed): a small share
      Iterator<Row> it = rows.iterator();
      double found = it.hasNext() ? it.next().getDouble(0) : 0;
      boolean large = found >= share;
      known.put(tenantId, new Known(large, now));
      return large;
    });
  }
}
