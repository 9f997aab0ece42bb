package com.chatcrm.engine.report;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityChanges;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pipeline_owner_total and the team funnel built on it, against brute force: after every kind of
 * opportunity and customer write the totals equal a sum over the opportunity table, and the funnel
 * of each scope and period equals a replay of every opportunity's moves and audited changes, one by
 * one. Today is 2025-03-20 12:00 in Shanghai; each step is moved back to the day it "happened".
 */
class PipelineOwnerTotalTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static OrgFixture org;
  static PipelineSummaryService pipeline;
  static OpportunityService opportunities;
  static CustomerService customers;
  static List<Stage> stages;

  /** The totals after each step, next to the sums over the opportunities at that point. */
  static final List<String> totalsAfterEachStep = new ArrayList<>();

  static final List<String> bruteTotalsAfterEachStep = new ArrayList<>();

  @BeforeAll
  static void buildHistory() {
    org = OrgFixture.create(db.pool());
    Clock today =
        Clock.fixed(LocalDateTime.parse("2025-03-20T12:00").atZone(SHANGHAI).toInstant(), SHANGHAI);
    pipeline = new PipelineSummaryService(db.pool(), today);
    opportunities = new OpportunityService(db.pool());
    customers = new CustomerService(db.pool());
    stages = await(new StageService(db.pool()).list(org.a(org.admin)));
    long s2 = stage(1);
    long s3 = stage(2);
    long s4 = stage(3);
    long c1 =
        on("2025-01-02T09:00", () -> customers.create(org.a(org.rep1), NewCustomer.named("东方电气")))
            .id();
    long c2 =
        on("2025-01-02T09:10", () -> customers.create(org.a(org.rep2), NewCustomer.named("南方航空")))
            .id();
    long c3 =
        on("2025-01-02T09:20", () -> customers.create(org.a(org.rep3), NewCustomer.named("西部矿业")))
            .id();

    Opportunity a =
        on(
            "2025-01-10T10:00",
            () -> create(org.rep1, NewOpportunity.of(c1, "A", amount("100000"))));
    Opportunity b =
        on(
            "2025-01-20T10:00",
            () -> create(org.rep1, NewOpportunity.of(c1, "B", amount("50000.50")).withStage(s2)));
    Opportunity c =
        on(
            "2025-02-03T10:00",
            () -> create(org.rep2, NewOpportunity.of(c2, "C", amount("70000")).withStage(s3)));
    Opportunity d =
        on(
            "2025-02-10T10:00",
            () ->
                create(org.rep3, NewOpportunity.of(c3, "D", amount("30000")).withProbability(15)));
    Opportunity e =
        on(
            "2025-02-12T10:00",
            () -> create(org.rep2, NewOpportunity.of(c2, "E", amount("20000")).withStage(s4)));
    Opportunity f =
        on(
            "2025-02-14T10:00",
            () -> create(org.manager1, NewOpportunity.of(c1, "F", amount("45000"))));
    Opportunity a2 = on("2025-02-20T10:00", moveTo(a, s3));
    Opportunity b2 =
        on(
            "2025-02-26T10:00",
            () ->
                opportunities.update(
                    org.a(org.rep1),
                    b.id(),
                    b.version(),
                    OpportunityChanges.none().amount(amount("80000")).probability(45)));
    Opportunity eWon =
        on("2025-03-01T09:00", () -> opportunities.win(org.a(org.rep2), e.id(), e.version()));
    on("2025-03-03T10:00", () -> opportunities.lose(org.a(org.rep3), d.id(), d.version(), "预算取消"));
    on("2025-03-04T10:00", () -> opportunities.transfer(org.a(org.manager1), c.id(), org.rep3));
    on("2025-03-05T10:00", () -> opportunities.delete(org.a(org.manager1), f.id()));
    on("2025-03-05T12:00", moveTo(eWon, s2));
    on("2025-03-06T10:00", () -> customers.delete(org.a(org.rep2), c2));
    on("2025-03-09T10:00", () -> customers.restore(org.a(org.rep2), c2));
    on("2025-03-10T10:00", () -> opportunities.restore(org.a(org.manager1), f.id()));
    Opportunity g =
        on("2025-03-11T10:00", () -> create(org.rep3, NewOpportunity.of(c3, "G", amount("66000"))));
    on("2025-03-12T10:00", () -> opportunities.transfer(org.a(org.manager2), g.id(), org.rep1));
    on("2025-03-13T10:00", () -> customers.delete(org.a(org.rep3), c3));
    Opportunity a3 = on("2025-03-14T10:00", moveTo(a2, s4));
    Opportunity aWon =
        on("2025-03-15T10:00", () -> opportunities.win(org.a(org.rep1), a3.id(), a3.version()));
    on("2025-03-16T10:00", moveTo(aWon, s3));
    on(
        "2025-03-17T10:00",
        () ->
            opportunities.update(
                org.a(org.rep1),
                b2.id(),
                b2.version(),
                OpportunityChanges.none().amount(amount("90000"))));
  }

  @Test
  @DisplayName(
      "after each create, move, edit, win, loss, reopen, transfer, delete and restore the totals are the opportunities' sums")
  void totalsFollowEveryWrite() {
    assertThat(totalsAfterEachStep).hasSize(bruteTotalsAfterEachStep.size()).hasSizeGreaterThan(20);
    assertThat(totalsAfterEachStep).containsExactlyElementsOf(bruteTotalsAfterEachStep);
  }

  @Test
  @DisplayName(
      "a statement writing many opportunities at once, as COPY does, nets its rows into the totals")
  void manyRowsInOneStatement() {
    long tenant = org.tenantA.id();
    await(
        db.pool()
            .withTransaction(
                tx ->
                    tx.preparedQuery(
                            "UPDATE opportunity SET amount = amount + 1, owner_id = $2 WHERE tenant_id = $1 AND owner_id = $3")
                        .execute(Tuple.of(tenant, org.rep2, org.rep1))
                        .compose(
                            v ->
                                tx.preparedQuery(
                                        "INSERT INTO opportunity (tenant_id, customer_id, name, amount, stage_id, status, lost_reason,"
                                            + " probability, owner_id, created_by, deleted_at) SELECT tenant_id, customer_id, name || '副本',"
                                            + " amount, stage_id, status, lost_reason, probability, owner_id, created_by, deleted_at"
                                            + " FROM opportunity WHERE tenant_id = $1")
                                    .execute(Tuple.of(tenant)))
                        .compose(v -> totals(tx::preparedQuery))
                        .compose(
                            t ->
                                bruteTotals(tx::preparedQuery)
                                    .map(
                                        b -> {
                                          assertThat(t).isNotEmpty().isEqualTo(b);
                                          return null;
                                        }))
                        // the history the other tests read stays as it was
                        .compose(v -> Future.failedFuture(new Rollback())))
            .recover(
                e -> e instanceof Rollback ? Future.succeededFuture() : Future.failedFuture(e)));
  }

  @Test
  @DisplayName(
      "every scope's funnel, this month and finished ones, equals a replay of each opportunity's history")
  void funnelEqualsReplay() {
    List<PipelinePeriod> periods =
        List.of(
            PipelinePeriod.month(YearMonth.of(2025, 3)),
            PipelinePeriod.month(YearMonth.of(2025, 2)),
            new PipelinePeriod(LocalDate.of(2025, 3, 4), LocalDate.of(2025, 3, 11)),
            new PipelinePeriod(LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 21)));
    List<Actor> actors =
        List.of(
            org.a(org.rep1),
            org.a(org.rep2),
            org.a(org.rep3),
            org.a(org.manager1),
            org.a(org.manager2),
            org.a(org.admin));
    int compared = 0;
    for (Actor actor : actors) {
      Long[] team = await(AccessResolver.resolve(db.pool(), actor)).visibleOwnerArray();
      for (PipelineScope scope : List.of(PipelineScope.ME, PipelineScope.TEAM)) {
        Long[] owners = scope == PipelineScope.ME ? new Long[] {actor.userId()} : team;
        for (PipelinePeriod period : periods) {
          PipelineSummary s = await(pipeline.summary(actor, scope, period));
          assertThat(lines(s, true))
              .as("%s %s %s now", actor.userId(), scope, period)
              .isEqualTo(replay(s.asOf(), owners));
          assertThat(lines(s, false))
              .as("%s %s %s then", actor.userId(), scope, period)
              .isEqualTo(replay(s.previousAsOf(), owners));
          compared++;
        }
      }
    }
    PipelineSummary all =
        await(pipeline.summary(org.a(org.admin), PipelineScope.TENANT, periods.get(0)));
    assertThat(lines(all, true)).isEqualTo(replay(all.asOf(), null));
    assertThat(lines(all, false)).isEqualTo(replay(all.previousAsOf(), null));
    assertThat(compared).isEqualTo(48);
  }

  // ------------------------------------------------------------------------------------------

  /** Thrown to roll a test's writes back. */
  static final class Rollback extends RuntimeException {}

  /**
   * The open pipeline at {@code at} for the owners (null: everyone), one opportunity at a time: its
   * stage was the from-stage of its first move since, its amount, probability and owner the "from"
   * of their first audited change since; it existed if created before, was open if open now or
   * moved since, and counts if neither it nor its customer is deleted.
   */
  static final String REPLAY =
      """
      SELECT s.id, count(x.id) AS count, COALESCE(sum(x.amount), 0) AS amount,
             COALESCE(round(sum(x.amount * x.probability) / 100, 2), 0) AS weighted
        FROM opportunity_stage s
        LEFT JOIN (
          SELECT o.id,
                 COALESCE((SELECT m.from_stage_id FROM opportunity_stage_move m
                            WHERE m.tenant_id = o.tenant_id AND m.opportunity_id = o.id AND m.moved_at >= $2
                            ORDER BY m.moved_at, m.id LIMIT 1), o.stage_id) AS stage_id,
                 COALESCE((SELECT (a.changes -> 'amount' ->> 'from')::numeric FROM audit_log a
                            WHERE a.tenant_id = o.tenant_id AND a.entity_type = 'opportunity' AND a.entity_id = o.id
                              AND a.at >= $2 AND a.changes ? 'amount' ORDER BY a.at, a.id LIMIT 1), o.amount) AS amount,
                 COALESCE((SELECT (a.changes -> 'probability' ->> 'from')::integer FROM audit_log a
                            WHERE a.tenant_id = o.tenant_id AND a.entity_type = 'opportunity' AND a.entity_id = o.id
                              AND a.at >= $2 AND a.changes ? 'probability' ORDER BY a.at, a.id LIMIT 1),
                          o.probability) AS probability,
                 COALESCE((SELECT (a.changes -> 'ownerId' ->> 'from')::bigint FROM audit_log a
                            WHERE a.tenant_id = o.tenant_id AND a.entity_type = 'opportunity' AND a.entity_id = o.id
                              AND a.at >= $2 AND a.changes ? 'ownerId' ORDER BY a.at, a.id LIMIT 1),
                          o.owner_id) AS owner_id,
                 o.status = 'open' OR EXISTS (SELECT 1 FROM opportunity_stage_move m WHERE m.tenant_id = o.tenant_id
                                               AND m.opportunity_id = o.id AND m.moved_at >= $2) AS open
            FROM opportunity o
            JOIN customer c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id
           WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND c.deleted_at IS NULL AND o.created_at < $2
        ) x ON x.stage_id = s.id AND x.open AND ($3::bigint[] IS NULL OR x.owner_id = ANY($3))
       WHERE s.tenant_id = $1 AND s.active AND s.kind = 'open'
       GROUP BY s.id, s.position
       ORDER BY s.position
      """;

  static List<String> replay(OffsetDateTime at, Long[] owners) {
    return await(
        db.pool()
            .preparedQuery(REPLAY)
            .execute(Tuple.of(org.tenantA.id(), at, owners))
            .map(
                rows -> {
                  List<String> out = new ArrayList<>();
                  for (Row r : rows) {
                    out.add(
                        r.getLong("id")
                            + ": "
                            + r.getLong("count")
                            + " "
                            + r.getBigDecimal("amount").setScale(2).toPlainString()
                            + " "
                            + r.getBigDecimal("weighted").setScale(2).toPlainString());
                  }
                  return out;
                }));
  }

  static List<String> lines(PipelineSummary s, boolean current) {
    return s.stages().stream()
        .map(
            l -> {
              PipelineFigures f = current ? l.figures().current() : l.figures().previous();
              return l.stageId()
                  + ": "
                  + f.count()
                  + " "
                  + f.amount().toPlainString()
                  + " "
                  + f.weightedAmount().toPlainString();
            })
        .toList();
  }

  /** The non-zero rows of pipeline_owner_total, both tenants. */
  static Future<List<String>> totals(Function<String, PreparedQuery<RowSet<Row>>> q) {
    return rows(
        q.apply(
            "SELECT tenant_id, owner_id, stage_id, count, amount, weighted FROM pipeline_owner_total"
                + " WHERE count <> 0 OR amount <> 0 OR weighted <> 0 ORDER BY 1, 2, 3"));
  }

  static Future<List<String>> bruteTotals(Function<String, PreparedQuery<RowSet<Row>>> q) {
    return rows(
        q.apply(
            "SELECT tenant_id, owner_id, stage_id, count(*), sum(amount), sum(amount * probability)"
                + " FROM opportunity WHERE status = 'open' AND deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
  }

  static Future<List<String>> rows(PreparedQuery<RowSet<Row>> query) {
    return query
        .execute()
        .map(
            rs -> {
              List<String> out = new ArrayList<>();
              for (Row r : rs) {
                out.add(
                    r.getLong(0)
                        + "/"
                        + r.getLong(1)
                        + "/"
                        + r.getLong(2)
                        + ": "
                        + r.getLong(3)
                        + " "
                        + r.getBigDecimal(4).stripTrailingZeros().toPlainString()
                        + " "
                        + r.getBigDecimal(5).stripTrailingZeros().toPlainString());
              }
              return out;
            });
  }

  static long stage(int index) {
    return stages.get(index).id();
  }

  static BigDecimal amount(String yuan) {
    return new BigDecimal(yuan);
  }

  static Future<Opportunity> create(long owner, NewOpportunity o) {
    return opportunities.create(org.a(owner), o);
  }

  static Supplier<Future<Opportunity>> moveTo(Opportunity o, long stageId) {
    return () -> opportunities.moveStage(org.a(o.ownerId()), o.id(), o.version(), stageId);
  }

  /**
   * Runs one step, moves every timestamp it wrote (creation, close, update, stage move, audit) back
   * to {@code when}, Shanghai time, and records the totals next to their brute-force sums.
   */
  static <T> T on(String when, Supplier<Future<T>> step) {
    OffsetDateTime mark =
        await(
            db.pool()
                .query("SELECT clock_timestamp()")
                .execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime(0)));
    T result = await(step.get());
    OffsetDateTime at = LocalDateTime.parse(when).atZone(SHANGHAI).toOffsetDateTime();
    Tuple args = Tuple.of(org.tenantA.id(), at, mark);
    for (String sql :
        List.of(
            "UPDATE opportunity SET created_at = $2 WHERE tenant_id = $1 AND created_at >= $3",
            "UPDATE opportunity SET closed_at = $2 WHERE tenant_id = $1 AND closed_at >= $3",
            "UPDATE opportunity SET updated_at = $2 WHERE tenant_id = $1 AND updated_at >= $3",
            "UPDATE opportunity_stage_move SET moved_at = $2 WHERE tenant_id = $1 AND moved_at >= $3",
            "UPDATE audit_log SET at = $2 WHERE tenant_id = $1 AND at >= $3")) {
      await(db.pool().preparedQuery(sql).execute(args));
    }
    totalsAfterEachStep.add(String.join("; ", await(totals(db.pool()::preparedQuery))));
    bruteTotalsAfterEachStep.add(String.join("; ", await(bruteTotals(db.pool()::preparedQuery))));
    return result;
  }
}
