package com.chatcrm.engine.salestarget;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sales targets (业绩目标): a manager sets their reps' (an admin anyone's) for a month or a quarter;
 * everyone sees the progress of whom they may see, counted the way the 日报 counts.
 */
public final class TargetService {

  private static final int MAX_INTEGER_DIGITS = 14;

  private final Pool pool;
  private final Clock clock;
  private final TenantService tenants;

  /** With tenants of its own, on the system clock (schedulers, tests). */
  public TargetService(Pool pool) {
    this(pool, Clock.systemUTC(), new TenantService(pool));
  }

  /**
   * @param tenants the process's tenants (cached), for the company's time zone
   */
  public TargetService(Pool pool, Clock clock, TenantService tenants) {
    this.pool = pool;
    this.clock = clock;
    this.tenants = tenants;
  }

  /** Today in the tenant's time zone. */
  public Future<LocalDate> today(long tenantId) {
    return tenants.get(tenantId).map(t -> clock.instant().atZone(t.timeZone()).toLocalDate());
  }

  /**
   * Sets (or replaces) a rep's target; answers the target with its progress as of {@code today}.
   * Only managers (for those they manage, themselves included) and admins may.
   */
  public Future<TargetProgress> set(
      Actor actor,
      long userId,
      TargetPeriod period,
      TargetMetric metric,
      BigDecimal value,
      LocalDate today) {
    BigDecimal v;
    try {
      v = validValue(metric, value);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) -> {
              if (!access.seesEverything() && !access.isManager()) {
                return Future.failedFuture(new Forbidden("只有经理或管理员可以设定业绩目标"));
              }
              if (!access.seesOwner(userId)) {
                return Future.failedFuture(new Forbidden("你只能为自己和你管理的同事设定业绩目标"));
              }
              return tx.preparedQuery(TargetSql.ACTIVE_USER)
                  .execute(Tuple.of(actor.tenantId(), userId))
                  .compose(
                      rows ->
                          rows.size() == 0
                              ? Future.failedFuture(
                                  InvalidInput.field("userId", "没有这位在职同事（" + userId + "）"))
                              : tx.preparedQuery(TargetSql.UPSERT)
                                  .execute(
                                      Tuple.from(
                                          new Object[] {
                                            actor.tenantId(),
                                            userId,
                                            period.kind().code(),
                                            period.start(),
                                            metric.code(),
                                            v,
                                            actor.isSystem() ? userId : actor.userId()
                                          })))
                  .compose(rows -> audit(tx, actor, "user", userId, period, metric, v));
            })
        .compose(x -> progressOf(actor.tenantId(), false, Set.of(userId), today))
        .map(
            list ->
                list.stream()
                    .filter(p -> p.period().equals(period) && p.metric() == metric)
                    .findFirst()
                    .orElseThrow());
  }

  /**
   * Sets (or replaces) a team's target: the department's, counted over everyone in it and the
   * departments below it. Only its managers (or those of a department above it) and admins may.
   */
  public Future<TargetProgress> setForDepartment(
      Actor actor,
      long departmentId,
      TargetPeriod period,
      TargetMetric metric,
      BigDecimal value,
      LocalDate today) {
    BigDecimal v;
    try {
      v = validValue(metric, value);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                tx.preparedQuery(TargetSql.DEPARTMENT_MANAGED_BY)
                    .execute(Tuple.of(actor.tenantId(), departmentId, actor.userId()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.failedFuture(
                                InvalidInput.field("departmentId", "没有这个部门（" + departmentId + "）"));
                          }
                          if (!access.seesEverything()
                              && !rows.iterator().next().getBoolean("manages")) {
                            return Future.failedFuture(new Forbidden("你只能为你管理的部门设定团队目标"));
                          }
                          return tx.preparedQuery(TargetSql.UPSERT_DEPARTMENT)
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        actor.tenantId(),
                                        departmentId,
                                        period.kind().code(),
                                        period.start(),
                                        metric.code(),
                                        v,
                                        actor.userId()
                                      }));
                        })
                    .compose(
                        rows -> audit(tx, actor, "department", departmentId, period, metric, v)))
        .compose(x -> progress(actor, true, today))
        .map(
            list ->
                list.stream()
                    .filter(
                        p ->
                            Long.valueOf(departmentId).equals(p.departmentId())
                                && p.period().equals(period)
                                && p.metric() == metric)
                    .findFirst()
                    .orElseThrow());
  }

  /**
   * The targets whose period holds {@code day}, with their progress: the actor's own, or with
   * {@code team} the teams the actor manages and everyone the actor may see (an admin: the whole
   * company), the teams' first.
   */
  public Future<List<TargetProgress>> progress(Actor actor, boolean team, LocalDate day) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            (Access access) ->
                !team
                    ? progressOf(actor.tenantId(), false, Set.of(actor.userId()), day)
                    : teamsOf(actor, access.seesEverything(), day)
                        .compose(
                            teams ->
                                progressOf(
                                    actor.tenantId(),
                                    access.seesEverything(),
                                    access.visibleOwners(),
                                    day,
                                    teams)));
  }

  /** A department a team target may be set for. */
  public record TeamChoice(long id, String name) {}

  /** The departments the actor may set team targets for (none for a rep). */
  public Future<List<TeamChoice>> teamChoices(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(TargetSql.TARGET_DEPARTMENTS)
                    .execute(Tuple.of(actor.tenantId(), actor.userId(), access.seesEverything())))
        .map(
            rows -> {
              List<TeamChoice> out = new ArrayList<>();
              rows.forEach(r -> out.add(new TeamChoice(r.getLong("id"), r.getString("name"))));
              return out;
            });
  }

  private Future<List<Held>> teamsOf(Actor actor, boolean everyone, LocalDate day) {
    return pool.preparedQuery(TargetSql.DEPARTMENT_TARGETS)
        .execute(Tuple.of(actor.tenantId(), everyone, actor.isSystem() ? 0L : actor.userId(), day))
        .map(
            rows -> {
              List<Held> out = new ArrayList<>();
              for (Row r : rows) {
                TargetPeriod p =
                    new TargetPeriod(
                        TargetPeriod.Kind.of(r.getString("period_kind")),
                        r.getLocalDate("period_start"));
                if (p.end().isAfter(day)) {
                  out.add(
                      new Held(
                          0L,
                          r.getString("name"),
                          p,
                          TargetMetric.of(r.getString("metric")),
                          r.getBigDecimal("value"),
                          r.getLong("department_id"),
                          List.of(r.getArrayOfLongs("members"))));
                }
              }
              return out;
            });
  }

  /** For the schedulers (the 日报): the targets of these users whose period holds the day. */
  public Future<List<TargetProgress>> progressOf(
      long tenantId, boolean everyone, Collection<Long> userIds, LocalDate day) {
    return progressOf(tenantId, everyone, userIds, day, List.of());
  }

  private Future<List<TargetProgress>> progressOf(
      long tenantId, boolean everyone, Collection<Long> userIds, LocalDate day, List<Held> teams) {
    return tenants
        .get(tenantId)
        .compose(
            t -> {
              ZoneId zone = t.timeZone();
              return pool.preparedQuery(TargetSql.TARGETS)
                  .execute(Tuple.of(tenantId, everyone, userIds.toArray(Long[]::new), day))
                  .compose(
                      rows -> {
                        List<Held> all = new ArrayList<>(teams);
                        all.addAll(held(rows, day));
                        return measure(pool, tenantId, zone, all);
                      });
            });
  }

  /** A target held: a rep's ({@code departmentId} null), or a team's with its members. */
  private record Held(
      long userId,
      String name,
      TargetPeriod period,
      TargetMetric metric,
      BigDecimal value,
      Long departmentId,
      List<Long> members) {

    Held(long userId, String name, TargetPeriod period, TargetMetric metric, BigDecimal value) {
      this(userId, name, period, metric, value, null, List.of(userId));
    }
  }

  private static List<Held> held(Iterable<Row> rows, LocalDate day) {
    List<Held> out = new ArrayList<>();
    for (Row r : rows) {
      TargetPeriod p =
          new TargetPeriod(
              TargetPeriod.Kind.of(r.getString("period_kind")), r.getLocalDate("period_start"));
      if (p.end().isAfter(day)) {
        out.add(
            new Held(
                r.getLong("user_id"),
                r.getString("name"),
                p,
                TargetMetric.of(r.getString("metric")),
                r.getBigDecimal("value")));
      }
    }
    return out;
  }

  /** One grouped query per period and metric, for all the users holding such a target. */
  private static Future<List<TargetProgress>> measure(
      SqlClient db, long tenantId, ZoneId zone, List<Held> held) {
    Map<String, List<Held>> groups = new LinkedHashMap<>();
    held.forEach(
        h -> groups.computeIfAbsent(h.period() + "/" + h.metric(), k -> new ArrayList<>()).add(h));
    Map<String, BigDecimal> actual = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (List<Held> group : groups.values()) {
      Held first = group.get(0);
      Long[] users =
          group.stream().flatMap(h -> h.members().stream()).distinct().toArray(Long[]::new);
      chain =
          chain.compose(
              v ->
                  db.preparedQuery(sql(first.metric()))
                      .execute(bounds(tenantId, users, first, zone))
                      .map(
                          rows -> {
                            for (Row r : rows) {
                              actual.put(key(r.getLong("user_id"), first), r.getBigDecimal("v"));
                            }
                            return null;
                          }));
    }
    return chain.map(
        v ->
            held.stream()
                .map(
                    h ->
                        new TargetProgress(
                            h.userId(),
                            h.name(),
                            h.period(),
                            h.metric(),
                            h.value(),
                            h.members().stream()
                                .map(u -> actual.getOrDefault(key(u, h), BigDecimal.ZERO))
                                .reduce(BigDecimal.ZERO, BigDecimal::add),
                            h.departmentId()))
                .toList());
  }

  private static String key(long userId, Held h) {
    return userId + "/" + h.period() + "/" + h.metric();
  }

  private static Tuple bounds(long tenantId, Long[] users, Held h, ZoneId zone) {
    if (h.metric() == TargetMetric.COLLECTIONS) {
      return Tuple.of(tenantId, users, h.period().start(), h.period().end());
    }
    return Tuple.of(
        tenantId,
        users,
        h.period()
            .start()
            .atStartOfDay(zone)
            .toOffsetDateTime()
            .withOffsetSameInstant(ZoneOffset.UTC),
        h.period()
            .end()
            .atStartOfDay(zone)
            .toOffsetDateTime()
            .withOffsetSameInstant(ZoneOffset.UTC));
  }

  private static String sql(TargetMetric metric) {
    return switch (metric) {
      case WON_AMOUNT -> TargetSql.WON_AMOUNT;
      case COLLECTIONS -> TargetSql.COLLECTIONS;
      case NEW_CUSTOMERS -> TargetSql.NEW_CUSTOMERS;
      case FOLLOW_UPS -> TargetSql.FOLLOW_UPS;
    };
  }

  /** The audit row of a target set: whose (user or department), the period, metric and value. */
  private static Future<Void> audit(
      io.vertx.sqlclient.SqlClient tx,
      Actor actor,
      String whose,
      long id,
      TargetPeriod period,
      TargetMetric metric,
      BigDecimal v) {
    return AuditLog.record(
        tx,
        actor,
        "set_target",
        whose,
        id,
        new JsonObject()
            .put("period", period.kind().code())
            .put("start", period.start().toString())
            .put("metric", metric.code())
            .put("value", v.toPlainString()));
  }

  private static BigDecimal validValue(TargetMetric metric, BigDecimal value) {
    if (value == null || value.signum() <= 0) {
      throw InvalidInput.field("value", "目标必须大于 0");
    }
    if (!metric.money() && value.stripTrailingZeros().scale() > 0) {
      throw InvalidInput.field("value", metric.label() + "目标是个数，不能有小数");
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw InvalidInput.field("value", "目标最多保留两位小数");
    }
    BigDecimal exact = value.setScale(2);
    if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
      throw InvalidInput.field("value", "目标过大");
    }
    return exact;
  }
}
