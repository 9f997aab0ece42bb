package com.chatcrm.engine.pool;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.Forbidden;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool's automatic side, run by a scheduler as {@code Actor.system(tenantId, "pool-reclaim")}:
 * find the owners to warn that a customer will soon return to the pool, and return neglected
 * private customers to it. Safe on several nodes at once: a row is reclaimed once, whoever gets it
 * first.
 */
public final class PoolReclaimer {

  public static final int MAX_BATCH = 1000;

  private static final String NOT_ADMIN = "only an admin or the system may run the pool reclaim";

  private final Pool pool;
  private final Clock clock;

  public PoolReclaimer(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** {@link #dueForWarning(Actor, Instant, int)} with at most {@link #MAX_BATCH} customers. */
  public Future<List<PoolWarning>> dueForWarning(Actor actor, Instant now) {
    return dueForWarning(actor, now, MAX_BATCH);
  }

  /**
   * Private customers that return to the pool within {@code warn_days_before} days (tenant days)
   * and whose owner was not warned since their last activity, by owner. Call {@link #markWarned}
   * once told; repeat while a full page comes back.
   */
  public Future<List<PoolWarning>> dueForWarning(Actor actor, Instant now, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_BATCH));
    return asAdmin(pool, actor)
        .compose(v -> PoolRuleService.calendar(pool, actor.tenantId()))
        .compose(
            calendar -> {
              List<String> levels = new ArrayList<>();
              List<OffsetDateTime> from = new ArrayList<>();
              List<OffsetDateTime> until = new ArrayList<>();
              for (CustomerLevel level : CustomerLevel.values()) {
                if (calendar.rules().reclaimDays(level) != null
                    && calendar.rules().warnDaysBefore() > 0) {
                  levels.add(level.code());
                  from.add(calendar.reclaimCutoff(level, now));
                  until.add(calendar.warnUntil(level, now));
                }
              }
              if (levels.isEmpty()) {
                return Future.succeededFuture(List.of());
              }
              LocalDate today = calendar.today(now);
              return pool.preparedQuery(PoolSql.DUE_FOR_WARNING)
                  .execute(
                      Tuple.from(
                          new Object[] {
                            actor.tenantId(),
                            levels.toArray(String[]::new),
                            from.toArray(OffsetDateTime[]::new),
                            until.toArray(OffsetDateTime[]::new),
                            n
                          }))
                  .map(
                      rows -> {
                        List<PoolWarning> out = new ArrayList<>();
                        for (Row r : rows) {
                          CustomerLevel level = CustomerLevel.parse(r.getString("level"));
                          OffsetDateTime activity = r.getOffsetDateTime("activity_at");
                          LocalDate reclaimOn = calendar.reclaimOn(level, activity);
                          out.add(
                              new PoolWarning(
                                  r.getLong("id"),
                                  r.getString("name"),
                                  level,
                                  r.getLong("owner_id"),
                                  r.getString("owner_name"),
                                  activity,
                                  reclaimOn,
                                  (int) ChronoUnit.DAYS.between(today, reclaimOn)));
                        }
                        return List.copyOf(out);
                      });
            });
  }

  /**
   * Records that the owners of these customers were warned; returns how many were still private.
   */
  public Future<Integer> markWarned(Actor actor, Collection<Long> customerIds) {
    if (customerIds == null || customerIds.isEmpty()) {
      return asAdmin(pool, actor).map(0);
    }
    return asAdmin(pool, actor)
        .compose(
            v ->
                pool.preparedQuery(PoolSql.MARK_WARNED)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              actor.tenantId(),
                              customerIds.toArray(Long[]::new),
                              clock.instant().atOffset(ZoneOffset.UTC)
                            })))
        .map(RowSet::rowCount);
  }

  /**
   * Returns to the pool up to {@code batchSize} private customers whose level has a reclaim period
   * and whose last activity (follow-up, claim or assignment, creation) lies that many tenant days
   * back or more. Each gets a pool event and an audit row; the answer says whom to tell. Call again
   * while a full batch comes back.
   */
  public Future<List<ReclaimedCustomer>> reclaim(Actor actor, Instant now, int batchSize) {
    int n = Math.max(1, Math.min(batchSize, MAX_BATCH));
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return AccessTransaction.asAdmin(
        pool,
        actor,
        NOT_ADMIN,
        tx ->
            PoolRuleService.calendar(tx, actor.tenantId())
                .compose(
                    calendar -> {
                      List<String> levels = new ArrayList<>();
                      List<OffsetDateTime> cutoffs = new ArrayList<>();
                      for (CustomerLevel level : CustomerLevel.values()) {
                        if (calendar.rules().reclaimDays(level) != null) {
                          levels.add(level.code());
                          cutoffs.add(calendar.reclaimCutoff(level, now));
                        }
                      }
                      if (levels.isEmpty()) {
                        return Future.succeededFuture(List.<ReclaimedCustomer>of());
                      }
                      return tx.preparedQuery(PoolSql.RECLAIM)
                          .execute(
                              Tuple.from(
                                  new Object[] {
                                    actor.tenantId(),
                                    levels.toArray(String[]::new),
                                    cutoffs.toArray(OffsetDateTime[]::new),
                                    at,
                                    n
                                  }))
                          .compose(
                              rows -> {
                                List<ReclaimedCustomer> reclaimed = new ArrayList<>();
                                for (Row r : rows) {
                                  reclaimed.add(
                                      new ReclaimedCustomer(
                                          r.getLong("id"),
                                          r.getString("name"),
                                          CustomerLevel.parse(r.getString("level")),
                                          r.getLong("previous_owner_id"),
                                          r.getString("previous_owner_name"),
                                          r.getOffsetDateTime("activity_at")));
                                }
                                return reclaimed.isEmpty()
                                    ? Future.succeededFuture(List.<ReclaimedCustomer>of())
                                    : record(tx, actor, calendar.rules(), reclaimed, at)
                                        .map(List.copyOf(reclaimed));
                              });
                    }));
  }

  // ------------------------------------------------------------------------------------------

  /** Removes collaborators, writes the pool events and one audit row per reclaimed customer. */
  private static Future<Void> record(
      SqlClient tx,
      Actor actor,
      PoolRules rules,
      List<ReclaimedCustomer> reclaimed,
      OffsetDateTime at) {
    Long[] ids = reclaimed.stream().map(ReclaimedCustomer::customerId).toArray(Long[]::new);
    Long[] owners = reclaimed.stream().map(ReclaimedCustomer::previousOwnerId).toArray(Long[]::new);
    Map<Long, JsonArray> removed = new HashMap<>();
    return tx.preparedQuery(PoolSql.REMOVE_COLLABORATORS)
        .execute(Tuple.from(new Object[] {actor.tenantId(), ids}))
        .compose(
            rows -> {
              rows.forEach(
                  r ->
                      removed
                          .computeIfAbsent(r.getLong("customer_id"), k -> new JsonArray())
                          .add(r.getLong("user_id")));
              return tx.preparedQuery(PoolSql.INSERT_RECLAIM_EVENTS)
                  .execute(Tuple.from(new Object[] {actor.tenantId(), ids, owners, at}));
            })
        .compose(
            v ->
                Future.all(
                    reclaimed.stream()
                        .map(
                            c ->
                                AuditLog.record(
                                    tx,
                                    actor,
                                    "reclaim",
                                    "customer",
                                    c.customerId(),
                                    new JsonObject()
                                        .put("ownerId", AuditLog.change(c.previousOwnerId(), null))
                                        .put("inPool", AuditLog.change(false, true))
                                        .put("level", c.level().code())
                                        .put("reclaimDays", rules.reclaimDays(c.level()))
                                        .put(
                                            "lastActivityAt",
                                            c.lastActivityAt().toInstant().toString())
                                        .put(
                                            "collaboratorsRemoved",
                                            removed.getOrDefault(c.customerId(), new JsonArray()))))
                        .toList()))
        .mapEmpty();
  }

  private static Future<Void> asAdmin(SqlClient db, Actor actor) {
    return AccessResolver.resolve(db, actor)
        .compose(
            access ->
                access.seesEverything()
                    ? Future.succeededFuture()
                    : Future.failedFuture(new Forbidden(NOT_ADMIN)));
  }
}
