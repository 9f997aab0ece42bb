package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerSearch.Scope;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ranks found by walking the recency index (RecencyWalk): a walk that finds a page, one that
 * stops short and falls back to the lookup, and one per rank at once. The page must be the one that
 * ranking every hit gives, for every actor, including ties of recency and customers never followed
 * up.
 */
class CustomerSearchWalkTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerSearch everyHit;
  static List<CustomerSearch> walking;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    everyHit = new CustomerSearch(db.pool(), 1_000_000);
    LargeTenants large = LargeTenants.of(db.pool());
    walking =
        List.of(
            // every walkable rank walked, far enough for every hit
            new CustomerSearch(db.pool(), 2, 2, large, CustomerSearch.FEW_OWNERS, walk(0, 1_000)),
            new CustomerSearch(db.pool(), 2, 2, large, 0, walk(0, 1_000)),
            // walked, but too short: the lookup decides
            new CustomerSearch(db.pool(), 2, 2, large, CustomerSearch.FEW_OWNERS, walk(0, 3)),
            new CustomerSearch(db.pool(), 2, 2, large, 0, walk(0, 3)),
            // walked when the sample says so
            new CustomerSearch(db.pool(), 2, 4, large, 0, walk(6, 12)));
    String[] cities = {"成都", "合肥", "杭州", "深圳"};
    String[] brands = {"汇峰", "海维", "华科", "恒发", "宏福", "红玉"};
    for (int i = 0; i < 30; i++) {
      String name = cities[i % 4] + brands[i % 6] + "第" + i + "科技有限公司";
      long owner = i % 3 == 0 ? org.rep3 : org.rep1;
      Customer c = await(customers.create(org.a(owner), NewCustomer.named(name)));
      // pairs share a recency, so the order within a rank falls to the id; every seventh is never
      // followed up and comes last
      if (i % 7 != 0) {
        followedUp(c.id(), i / 2);
      }
    }
  }

  private static RecencyWalk walk(int sample, int walk) {
    return new RecencyWalk(sample, walk);
  }

  private static void followedUp(long id, int hoursAgo) {
    await(
        db.pool()
            .preparedQuery(
                "UPDATE customer SET last_follow_up_at = date_trunc('hour', now())"
                    + " - make_interval(hours => $3) WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(org.tenantA.id(), id, hoursAgo)));
  }

  private static List<Long> ids(CustomerSearch search, Actor actor, String q, int limit) {
    return await(search.search(actor, q, Scope.VISIBLE, limit)).stream()
        .map(h -> h.customer().id())
        .toList();
  }

  @Test
  void sameAsRankingEveryHit() {
    List<Actor> actors = org.searchers();
    // pinyin and initials in and across names: hongyu is in honghaiweihongyu... and 红玉
    for (String q : List.of("hf", "hw", "kj", "huifeng", "hongyu", "keji", "fengdi", "hfd", "gs")) {
      for (Actor actor : actors) {
        for (int limit : List.of(1, 3, 10, 50)) {
          List<Long> page = ids(everyHit, actor, q, limit);
          for (int k = 0; k < walking.size(); k++) {
            assertThat(ids(walking.get(k), actor, q, limit))
                .as("%s as user %d, limit %d, search %d", q, actor.userId(), limit, k)
                .isEqualTo(page);
          }
        }
      }
    }
  }
}
