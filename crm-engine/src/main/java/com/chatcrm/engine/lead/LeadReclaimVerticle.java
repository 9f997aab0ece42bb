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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * 线索回收: a lead its owner left untouched (still 未处理) {@code reclaimAfterDays} days after it was
 * assigned goes back to the 线索池 for someone else to take, with an audit row. Rows are taken with
 * SKIP LOCKED in one transaction per batch, so any number of nodes may run it; a pass has a timeout
 * and a failed one is logged (see {@link PeriodicPass}).
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

  /** $1 the cutoff: assigned before it and still new. */
  private static final String RECLAIM =
      """
      WITH due AS (
          SELECT l.tenant_id, l.id, l.owner_id FROM lead l
            JOIN tenant t ON t.tenant_id = l.tenant_id AND t.disabled_at IS NULL
           WHERE l.status = 'new' AND l.owner_id IS NOT NULL AND l.deleted_at IS NULL
             AND l.assigned_at < $1
           ORDER BY l.assigned_at
           LIMIT $2
             FOR UPDATE OF l SKIP LOCKED)
      UPDATE lead SET owner_id = NULL, assigned_at = NULL, version = version + 1, updated_at = now()
        FROM due WHERE lead.tenant_id = due.tenant_id AND lead.id = due.id
      RETURNING lead.tenant_id, lead.id, due.owner_id
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

  /** Returns the leads due to the 线索池, a batch at a time; answers how many went back. */
  @Override
  protected Future<Integer> pass() {
    return batch().compose(n -> n < BATCH ? Future.succeededFuture(n) : pass().map(m -> n + m));
  }

  private Future<Integer> batch() {
    var cutoff =
        clock
            .instant()
            .minus(Duration.ofDays(settings.reclaimAfterDays()))
            .atOffset(ZoneOffset.UTC);
    return Transactions.run(
        pool,
        tx ->
            tx.preparedQuery(RECLAIM)
                .execute(Tuple.of(cutoff, BATCH))
                .compose(
                    rows -> {
                      List<Tuple> audit = new ArrayList<>();
                      for (Row r : rows) {
                        long tenant = r.getLong("tenant_id");
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
