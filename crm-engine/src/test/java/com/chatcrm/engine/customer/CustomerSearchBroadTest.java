package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerSearch.Scope;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broad queries: more hits than the page and than the recent customers the search looks at first (a
 * window of 4 here, or 2 then 8; 500 then 2,000 in service), so each rank's own lookup decides. The
 * page must be the one that ranking every hit gives (a window larger than the tenant).
 */
class CustomerSearchBroadTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerSearch narrowWindow;
  static CustomerSearch manyOwners;
  static CustomerSearch inTwoParts;
  static CustomerSearch inTwoPartsManyOwners;
  static CustomerSearch everyHit;
  static final List<Long> rep3Ids = new ArrayList<>();
  static long exact;
  static long prefix;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    narrowWindow = new CustomerSearch(db.pool(), 4);
    // the lookups' visibility as for a region manager's hundreds of owners
    // (CustomerSql.VISIBLE_MANY)
    manyOwners = new CustomerSearch(db.pool(), 4, LargeTenants.of(db.pool()), 0);
    // the first 2 recent customers, then up to 8 when a rank is dense enough in those 2 to fill a
    // page
    inTwoParts =
        new CustomerSearch(db.pool(), 2, 8, LargeTenants.of(db.pool()), CustomerSearch.FEW_OWNERS);
    inTwoPartsManyOwners = new CustomerSearch(db.pool(), 2, 8, LargeTenants.of(db.pool()), 0);
    everyHit = new CustomerSearch(db.pool(), 1_000_000);
    String[] cities = {"成都", "合肥", "杭州", "深圳"};
    String[] trades = {"汇峰", "海维", "华科", "恒发", "宏福"};
    // the most recently followed-up customers are rep1's, and rep3's, with 科技 in the name; the
    // exact and
    // prefix hits are the least recent of all, so recency alone would leave them off the page
    int hour = 0;
    for (int i = 0; i < 24; i++) {
      String name = cities[i % 4] + trades[i % 5] + "第" + i + "科技有限公司";
      long owner = i % 3 == 0 ? org.rep3 : org.rep1;
      Customer c =
          await(
              customers.create(
                  org.a(owner),
                  NewCustomer.named(name).withPhones(String.format("1390%03d8888", i))));
      followedUp(c.id(), hour++);
      if (owner == org.rep3) {
        rep3Ids.add(c.id());
      }
    }
    prefix = await(customers.create(org.a(org.rep1), NewCustomer.named("科技园服务中心"))).id();
    followedUp(prefix, 1000);
    exact =
        await(customers.create(org.a(org.rep1), NewCustomer.named("北京天成有限公司").withShortName("科技")))
            .id();
    followedUp(exact, 1001);
    await(
        customers.create(
            org.a(org.rep1),
            NewCustomer.named("科技").withPhones("13800000000"))); // never followed up: last of all
  }

  private static void followedUp(long id, int hoursAgo) {
    await(
        db.pool()
            .preparedQuery(
                "UPDATE customer SET last_follow_up_at = now() - make_interval(hours => $3)"
                    + " WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(org.tenantA.id(), id, hoursAgo)));
  }

  private static List<Long> ids(
      CustomerSearch search, Actor actor, String q, Scope scope, int limit) {
    return await(search.search(actor, q, scope, limit)).stream()
        .map(h -> h.customer().id())
        .toList();
  }

  @Test
  @DisplayName("with more hits than the page, exact and prefix matches still come first")
  void exactAndPrefixFirst() {
    List<CustomerHit> hits = await(narrowWindow.search(org.a(org.admin), "科技", Scope.VISIBLE, 5));
    assertThat(hits).hasSize(5);
    // both exact (the short name of the first), the never followed-up one last
    assertThat(hits.get(0).customer().id()).isEqualTo(exact);
    assertThat(hits.get(1).customer().name()).isEqualTo("科技");
    assertThat(hits.get(2).customer().id()).isEqualTo(prefix);
    assertThat(hits.get(2).score()).isEqualTo(90);
    // then the most recently followed-up substring hits
    assertThat(hits.subList(3, 5)).allSatisfy(h -> assertThat(h.score()).isEqualTo(70));
    assertThat(hits.get(3).customer().lastFollowUpAt())
        .isAfter(hits.get(4).customer().lastFollowUpAt());
  }

  @Test
  void theLimitHolds() {
    assertThat(ids(narrowWindow, org.a(org.admin), "科技", Scope.VISIBLE, 7)).hasSize(7);
    assertThat(ids(narrowWindow, org.a(org.admin), "8888", Scope.VISIBLE, 3)).hasSize(3);
    assertThat(ids(narrowWindow, org.a(org.rep1), "kj", Scope.VISIBLE, 1)).hasSize(1);
  }

  @Test
  @DisplayName("the page is the one ranking every hit gives, for every kind of query and actor")
  void sameAsRankingEveryHit() {
    List<Actor> actors =
        List.of(
            org.a(org.admin),
            org.a(org.manager1),
            org.a(org.rep1),
            org.a(org.rep3),
            org.a(org.manager2));
    for (String q :
        List.of(
            "科技",
            "科技园",
            "成都",
            "汇峰",
            "kj",
            "hf",
            "cd",
            "h",
            "keji",
            "chengdu",
            "kejiyuan",
            "8888",
            "13900018888",
            "0000",
            "有限公司")) {
      for (Actor actor : actors) {
        for (int limit : List.of(1, 3, 10, 50)) {
          List<Long> page = ids(everyHit, actor, q, Scope.VISIBLE, limit);
          assertThat(ids(narrowWindow, actor, q, Scope.VISIBLE, limit))
              .as("%s as user %d, limit %d", q, actor.userId(), limit)
              .isEqualTo(page);
          assertThat(ids(manyOwners, actor, q, Scope.VISIBLE, limit))
              .as("%s as user %d, limit %d, many owners", q, actor.userId(), limit)
              .isEqualTo(page);
          assertThat(ids(inTwoParts, actor, q, Scope.VISIBLE, limit))
              .as("%s as user %d, limit %d, in two parts", q, actor.userId(), limit)
              .isEqualTo(page);
          assertThat(ids(inTwoPartsManyOwners, actor, q, Scope.VISIBLE, limit))
              .as("%s as user %d, limit %d, in two parts, many owners", q, actor.userId(), limit)
              .isEqualTo(page);
        }
      }
    }
  }

  @Test
  @DisplayName("the lookups stay inside what the actor may see")
  void visibilityHolds() {
    assertThat(ids(narrowWindow, org.a(org.rep1), "科技", Scope.VISIBLE, 50))
        .hasSize(19)
        .doesNotContainAnyElementsOf(rep3Ids);
    assertThat(ids(narrowWindow, org.a(org.manager1), "8888", Scope.VISIBLE, 50))
        .hasSize(16)
        .doesNotContainAnyElementsOf(rep3Ids);
    assertThat(ids(narrowWindow, org.a(org.rep3), "科技", Scope.VISIBLE, 50))
        .containsExactlyElementsOf(rep3Ids);
    assertThat(ids(narrowWindow, org.a(org.manager2), "hf", Scope.VISIBLE, 50)).isSubsetOf(rep3Ids);
    assertThat(ids(narrowWindow, org.a(org.admin), "科技", Scope.VISIBLE, 50)).hasSize(27);
    assertThat(await(narrowWindow.search(org.b(), "科技", Scope.VISIBLE, 20))).isEmpty();
    assertThat(ids(manyOwners, org.a(org.manager1), "8888", Scope.VISIBLE, 50))
        .hasSize(16)
        .doesNotContainAnyElementsOf(rep3Ids);
    assertThat(ids(manyOwners, org.a(org.manager2), "hf", Scope.VISIBLE, 50)).isSubsetOf(rep3Ids);
    assertThat(ids(inTwoPartsManyOwners, org.a(org.manager1), "8888", Scope.VISIBLE, 50))
        .hasSize(16)
        .doesNotContainAnyElementsOf(rep3Ids);
    assertThat(ids(inTwoParts, org.a(org.rep3), "科技", Scope.VISIBLE, 50))
        .containsExactlyElementsOf(rep3Ids);
    assertThat(await(narrowWindow.search(org.a(org.admin), "科技", Scope.POOL, 20))).isEmpty();
  }
}
