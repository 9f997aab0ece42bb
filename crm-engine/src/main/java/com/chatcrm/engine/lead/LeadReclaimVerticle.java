package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.schedule.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * 线索回收: a lead its owner left untouched (still 未处理) {@code reclaimAfterDays} days after it was
 * assigned goes back to the 线索池 for someone else to take, with an audit row. A pass goes tenant by
 * tenant; rows are taken with SKIP LOCKED in one transaction per batch, so any number of nodes may
 * run it; a pass has a timeout and a failed one is logged (see {@link PeriodicPass}).
 */
public final class LeadReclaimVerticle extends PeriodicPass {

  /**
   * @param reclaimAfterDays days an owned lead may stay 未处理 after it was assigned
   * @param timeout how long a pass may run before the next tick starts anew
   */
  public record Settings(Duration tick, int reclaimAfterDays, Duration timeout) {

    public static final int DEFAULT_DAYS = 3;

    public Settings {
      if (reclaimAfterDays < 1) {
        throw new IllegalArgumentException("reclaimAfterDays must be at least 1");
      }
    }

    public static Settings defaults() {
      return afterDays(DEFAULT_DAYS);
    }

    public static Settings afterDays(int days) {
      return new Settings(Duration.ofMinutes(5), days, Duration.ofMinutes(2));
    }
  }

  static final int BATCH = 500;

  /**
   * $1 the cutoff. The tenants with a lead due: one probe of {@code lead_untouched_idx} per tenant,
   * so that no pass reads or sorts the untouched leads of every tenant together.
   */
  static final String TENANTS =
      """
      SELECT t.tenant_id FROM tenant t
       WHERE t.disabled_at IS NULL
         AND EXISTS (SELECT 1 FROM lead l
                      WHERE l.tenant_id = t.tenant_id AND l.status = 'new' AND l.owner_id IS NOT NULL
                        AND l.deleted_at IS NULL AND l.assigned_at < $1)
       ORDER BY t.tenant_id
      """;

  /**
   * $1 tenant, $2 the cutoff (assigned before it and still new), $3 the batch. {@code
   * lead_untouched_idx (tenant_id, assigned_at)} hands the rows over in order: no sort.
   */
  static final String RECLAIM =
      """
      WITH due AS (
          SELECT l.id, l.owner_id FROM lead l
           WHERE l.tenant_id = $1 AND l.status = 'new' AND l.owner_id IS NOT NULL
             AND l.deleted_at IS NULL AND l.assigned_at < $2
           ORDER BY l.assigned_at
           LIMIT $3
             FOR UPDATE OF l SKIP LOCKED)
      UPDATE lead SET owner_id = NULL, assigned_at = NULL, version = version + 1, updated_at = now()
        FROM due WHERE lead.tenant_id = $1 AND lead.id = due.id
      RETURNING lead.id, due.owner_id
      """;

  private final Pool pool;
  private final Clock clock;
  private final Settings settings;

  public LeadReclaimVerticle(Pool pool, Clock clock, Settings settings) {
    super(settings.tick(), "Lead reclaim", false, settings.timeout());
    this.pool = pool;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Returns the leads due to the 线索池, tenant by tenant and a batch at a time; answers how many went
   * back. A pass takes no new batch after half its timeout, so it ends on its own and the next pass
   * takes up what is left; a tenant's failure is logged and the other tenants go on.
   */
  @Override
  protected Future<Integer> pass() {
    OffsetDateTime cutoff =
        clock
            .instant()
            .minus(Duration.ofDays(settings.reclaimAfterDays()))
            .atOffset(ZoneOffset.UTC);
    long until = System.nanoTime() + settings.timeout().toNanos() / 2;
    return pool.preparedQuery(TENANTS)
        .execute(Tuple.of(cutoff))
        .compose(
            tenants -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (Row t : tenants) {
                long tenant = t.getLong(0);
                chain =
                    chain.compose(
                        sum ->
                            System.nanoTime() > until
                                ? Future.succeededFuture(sum)
                                : tenant(tenant, cutoff, until)
                                    .otherwise(e -> tenantFailed(tenant, e))
                                    .map(n -> sum + n));
              }
              return chain;
            });
  }

  /** The tenant's due leads, batch after batch while batches come back full and time remains. */
  private Future<Integer> tenant(long tenant, OffsetDateTime cutoff, long until) {
    return batch(tenant, cutoff)
        .compose(
            n ->
                n < BATCH || System.nanoTime() > until
                    ? Future.succeededFuture(n)
                    : tenant(tenant, cutoff, until).map(m -> n + m));
  }

  private Future<Integer> batch(long tenant, OffsetDateTime cutoff) {
    return Transactions.run(
        pool,
        tx ->
            tx.preparedQuery(RECLAIM)
                .execute(Tuple.of(tenant, cutoff, BATCH))
                .compose(
                    rows -> {
                      List<Tuple> audit = new ArrayList<>();
                      for (Row r : rows) {
                        audit.add(
                            AuditLog.tuple(
                                Actor.system(tenant, "lead-reclaim"),
                                "reclaim",
                                "lead",
                                r.getLong("id"),
                                new JsonObject()
                                    .put("ownerId", AuditLog.change(r.getLong("owner_id"), null))
                                    .put("days", settings.reclaimAfterDays())));
                      }
                      return AuditLog.recordAll(tx, audit).map(audit.size());
                    }));
  }
}
