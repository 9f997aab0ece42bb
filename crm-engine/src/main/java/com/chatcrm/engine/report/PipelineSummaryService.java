package com.chatcrm.engine.report;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sales funnel (销售漏斗): per stage count, amount and win-probability-weighted amount of the open
 * opportunities, the won and lost ones of the period, and how each changed against the previous
 * period, for the actor, their team or (admins only) the whole company.
 */
public final class PipelineSummaryService {

  private final Pool pool;
  private final TenantService tenants;
  private final Clock clock;
  private final PipelineCache cache;

  public PipelineSummaryService(Pool pool) {
    this(pool, Clock.systemUTC());
  }

  /** With the clock that says when a running period ends: now. Computes every summary afresh. */
  public PipelineSummaryService(Pool pool, Clock clock) {
    this(pool, clock, PipelineCache.none());
  }

  public PipelineSummaryService(Pool pool, Clock clock, PipelineCache cache) {
    this(pool, clock, cache, new TenantService(pool));
  }

  /** Answers from {@code cache} when it can: what chat, mini-app and 日报 use. */
  public PipelineSummaryService(
      Pool pool, Clock clock, PipelineCache cache, TenantService tenants) {
    this.pool = pool;
    this.tenants = tenants;
    this.clock = clock;
    this.cache = cache;
  }

  public Future<PipelineSummary> summary(Actor actor, PipelineScope scope, PipelinePeriod period) {
    if (scope == null) {
      return Future.failedFuture(InvalidInput.field("scope", "must be ME, TEAM or TENANT"));
    }
    if (period == null) {
      return Future.failedFuture(InvalidInput.field("period", "请给出统计区间"));
    }
    // Who counts is resolved before the cache is asked, so that a changed org chart is a different
    // key.
    return Future.all(tenants.get(actor.tenantId()), AccessResolver.resolve(pool, actor))
        .compose(
            both -> {
              Tenant tenant = both.resultAt(0);
              Access access = both.resultAt(1);
              Long[] owners;
              try {
                owners = owners(access, scope);
              } catch (Forbidden e) {
                return Future.failedFuture(e);
              }
              return cache.get(
                  actor.tenantId(),
                  scope,
                  owners,
                  period,
                  () ->
                      Transactions.run(
                          pool,
                          tx ->
                              tx.query(PipelineSql.READ_SETTINGS)
                                  .execute()
                                  .compose(
                                      v ->
                                          compute(
                                              tx,
                                              access,
                                              scope,
                                              owners,
                                              period,
                                              tenant.timeZone()))));
            });
  }

  /** The owner ids to count, or null for the whole tenant. */
  private static Long[] owners(Access access, PipelineScope scope) {
    return switch (scope) {
      case ME -> new Long[] {access.userId()};
      case TEAM -> access.visibleOwnerArray();
      case TENANT -> {
        if (!access.seesEverything()) {
          throw new Forbidden("只有管理员可以查看全公司的销售漏斗");
        }
        yield null;
      }
    };
  }

  private Future<PipelineSummary> compute(
      SqlClient tx,
      Access access,
      PipelineScope scope,
      Long[] owners,
      PipelinePeriod period,
      ZoneId zone) {
    PipelinePeriod previous = period.previous();
    Instant now = clock.instant();
    Instant from = start(period.from(), zone);
    Instant to = start(period.to(), zone);
    Instant previousFrom = start(previous.from(), zone);
    OffsetDateTime asOf = at(earlier(to, now), zone);
    OffsetDateTime previousAsOf = at(earlier(from, now), zone);
    long tenantId = access.tenantId();
    // Both sent at once on the transaction's connection: one round trip fewer, which on a busy
    // machine is a
    // wake-up of each side fewer.
    Future<List<StageFigures>> open = stages(tx, tenantId, asOf, previousAsOf, owners);
    Future<Map<String, PipelineFigures>> closing =
        closed(tx, tenantId, previousFrom, from, to, owners);
    return Future.all(open, closing)
        .map(
            both -> {
              List<StageFigures> stages = both.resultAt(0);
              Map<String, PipelineFigures> closed = both.resultAt(1);
              List<PipelineStageLine> lines = new ArrayList<>();
              PipelineFigures openNow = PipelineFigures.NONE;
              PipelineFigures openThen = PipelineFigures.NONE;
              for (StageFigures stage : stages) {
                lines.add(
                    new PipelineStageLine(
                        stage.stageId(),
                        stage.name(),
                        stage.probability(),
                        PipelineComparison.of(stage.now(), stage.then())));
                openNow = openNow.plus(stage.now());
                openThen = openThen.plus(stage.then());
              }
              return new PipelineSummary(
                  scope,
                  zone,
                  period,
                  previous,
                  asOf,
                  previousAsOf,
                  List.copyOf(lines),
                  PipelineComparison.of(openNow, openThen),
                  PipelineComparison.of(closed.get("won:true"), closed.get("won:false")),
                  PipelineComparison.of(closed.get("lost:true"), closed.get("lost:false")));
            });
  }

  /**
   * One stage's line: its open opportunities at the end of the period and at the end of the
   * previous one.
   */
  private record StageFigures(
      long stageId, String name, int probability, PipelineFigures now, PipelineFigures then) {}

  private static Future<List<StageFigures>> stages(
      SqlClient tx,
      long tenantId,
      OffsetDateTime asOf,
      OffsetDateTime previousAsOf,
      Long[] owners) {
    Future<RowSet<Row>> rows =
        owners == null
            ? tx.preparedQuery(PipelineSql.SNAPSHOTS_TENANT)
                .execute(Tuple.of(tenantId, asOf, previousAsOf))
            : tx.preparedQuery(PipelineSql.SNAPSHOTS_OWNERS)
                .execute(Tuple.of(tenantId, asOf, previousAsOf, owners));
    return rows.map(
        rs -> {
          List<StageFigures> out = new ArrayList<>();
          for (Row r : rs) {
            out.add(
                new StageFigures(
                    r.getLong("id"),
                    r.getString("name"),
                    r.getInteger("probability"),
                    figures(r, "count_now", "amount_now", "weighted_now"),
                    figures(r, "count_then", "amount_then", "weighted_then")));
          }
          return out;
        });
  }

  /**
   * Keys {@code won:true} (current period), {@code won:false} (previous), {@code lost:...}; all
   * present.
   */
  private static Future<Map<String, PipelineFigures>> closed(
      SqlClient tx, long tenantId, Instant previousFrom, Instant from, Instant to, Long[] owners) {
    Tuple args = Tuple.of(tenantId, utc(previousFrom), utc(from), utc(to));
    if (owners != null) {
      args.addValue(owners);
    }
    return tx.preparedQuery(owners == null ? PipelineSql.CLOSED_TENANT : PipelineSql.CLOSED_OWNERS)
        .execute(args)
        .map(
            rs -> {
              Map<String, PipelineFigures> out = new LinkedHashMap<>();
              for (String key : List.of("won:true", "won:false", "lost:true", "lost:false")) {
                out.put(key, PipelineFigures.NONE);
              }
              for (Row r : rs) {
                out.put(r.getString("status") + ":" + r.getBoolean("current"), figures(r));
              }
              return out;
            });
  }

  private static PipelineFigures figures(Row r) {
    return figures(r, "count", "amount", "weighted");
  }

  private static PipelineFigures figures(Row r, String count, String amount, String weighted) {
    return new PipelineFigures(
        r.getLong(count),
        r.getBigDecimal(amount).setScale(2),
        r.getBigDecimal(weighted).setScale(2));
  }

  private static Instant start(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static OffsetDateTime at(Instant instant, ZoneId zone) {
    return instant.atZone(zone).toOffsetDateTime();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
