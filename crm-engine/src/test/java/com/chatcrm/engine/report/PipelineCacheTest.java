package com.chatcrm.engine.report;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FeedCut;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The funnel cache on real PostgreSQL: a hit is the same summary, and no change of the funnel is
 * ever missed.
 */
class PipelineCacheTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final PipelineCache CACHE = PipelineCache.create();
  static OrgFixture org;
  static PipelineSummaryService cached;
  static OpportunityService opportunities;
  static long customer;
  static List<Stage> stages;
  static final PipelinePeriod THIS_MONTH =
      PipelinePeriod.month(YearMonth.now(ZoneOffset.ofHours(8)));

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    cached = new PipelineSummaryService(db.pool(), Clock.systemUTC(), CACHE);
    opportunities = new OpportunityService(db.pool(), CACHE);
    stages = await(new StageService(db.pool()).list(org.a(org.admin)));
    customer =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("缓存测试科技")))
            .id();
  }

  @Test
  @DisplayName(
      "asked twice, the second answer is the cached one; the actor's own change shows at once")
  void ownChangeIsNeverStale() {
    PipelineSummary before = await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
    assertThat(await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH)))
        .isSameAs(before);

    Opportunity o =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(customer, "缓存商机", new BigDecimal("12345"))));
    PipelineSummary afterCreate =
        await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
    assertThat(afterCreate.open().current().count()).isEqualTo(before.open().current().count() + 1);

    // the manager's team funnel, cached before the move, sees it too
    PipelineSummary team =
        await(cached.summary(org.a(org.manager1), PipelineScope.TEAM, THIS_MONTH));
    await(opportunities.moveStage(org.a(org.rep1), o.id(), o.version(), stages.get(2).id()));
    PipelineSummary teamAfter =
        await(cached.summary(org.a(org.manager1), PipelineScope.TEAM, THIS_MONTH));
    assertThat(teamAfter).isNotSameAs(team);
    assertThat(count(teamAfter, stages.get(2).id())).isEqualTo(count(team, stages.get(2).id()) + 1);
    assertFresh(teamAfter, org.manager1, PipelineScope.TEAM);
  }

  @Test
  @DisplayName(
      "a change made through another node arrives by the change feed and drops this node's entries")
  void changeFeedInvalidates() throws Exception {
    Vertx vertx = db.vertx();
    ChangeFeed feed = new ChangeFeed(db.location().connectOptions());
    List<String> heard = new CopyOnWriteArrayList<>();
    feed.onChange(CACHE).onChange(ChangeFeed.Listener.of(heard::add, () -> {}));
    String deployment = await(vertx.deployVerticle(feed));
    try {
      PipelineSummary before = await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
      // "another node": its own pool on the same database, so only the feed can tell this node's
      // cache
      Pool other = db.pool(vertx);
      try {
        OpportunityService elsewhere = new OpportunityService(other);
        await(
            elsewhere.create(
                org.a(org.rep1), NewOpportunity.of(customer, "另一节点的商机", new BigDecimal("500"))));
      } finally {
        await(other.close());
      }
      Eventually.within(Duration.ofSeconds(10))
          .as("the change heard")
          .until(() -> heard.contains(PipelineCache.CHANGE_PREFIX + org.tenantA.id()));
      PipelineSummary after = await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
      assertThat(after.open().current().count()).isEqualTo(before.open().current().count() + 1);
    } finally {
      await(vertx.undeploy(deployment));
    }
  }

  @Test
  @DisplayName(
      "a change made on another node while this node's feed was cut off (a database restart) shows once the feed listens again, before the entries' TTL")
  void aGapInTheFeedDropsEveryEntry() {
    Vertx vertx = db.vertx();
    FeedCut cut = new FeedCut(db.pool());
    ChangeFeed feed = new ChangeFeed(db.location().connectOptions()).onChange(CACHE);
    feed.onChange(cut.listener());
    String deployment = await(vertx.deployVerticle(feed));
    Pool other = db.pool(vertx);
    try {
      Instant cachedAt = Instant.now();
      PipelineSummary before = await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
      OpportunityService elsewhere = new OpportunityService(other);
      cut.changeWhileCut(
          attempt ->
              await(
                  elsewhere.create(
                      org.a(org.rep1),
                      NewOpportunity.of(customer, "断线时的商机" + attempt, new BigDecimal("700")))));
      PipelineSummary after = await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
      assertThat(Duration.between(cachedAt, Instant.now()))
          .as("still within the TTL: only the gap can have dropped the entry")
          .isLessThan(PipelineCache.TTL);
      assertThat(after.open().current().count()).isGreaterThan(before.open().current().count());
      assertFresh(after, org.rep1, PipelineScope.ME);
    } finally {
      await(other.close());
      await(vertx.undeploy(deployment));
    }
  }

  @Test
  @DisplayName("entries are kept apart by scope and by tenant")
  void keyedByTenantAndScope() {
    PipelineSummary mine = await(cached.summary(org.a(org.rep1), PipelineScope.ME, THIS_MONTH));
    PipelineSummary team =
        await(cached.summary(org.a(org.manager1), PipelineScope.TEAM, THIS_MONTH));
    assertThat(team).isNotSameAs(mine);
    PipelineSummary otherTenant = await(cached.summary(org.b(), PipelineScope.ME, THIS_MONTH));
    assertThat(otherTenant.open().current().count()).isZero();
  }

  private static long count(PipelineSummary s, long stageId) {
    return s.stages().stream()
        .filter(l -> l.stageId() == stageId)
        .findFirst()
        .orElseThrow()
        .figures()
        .current()
        .count();
  }

  /** {@code summary} is what an uncached service computes now. */
  static void assertFresh(PipelineSummary summary, long user, PipelineScope scope) {
    assertThat(summary)
        .usingRecursiveComparison()
        .ignoringFields("asOf")
        .isEqualTo(
            await(new PipelineSummaryService(db.pool()).summary(org.a(user), scope, THIS_MONTH)));
  }
}
