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
 * A large tenant's lookups leave the tenant out of the GIN index condition ({@link LargeTenants});
 * the rows' tenant_id must still keep the other tenant's hits, here the most recently followed-up
 * ones, off the page.
 */
class CustomerSearchLargeTenantTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerSearch largeTenant;
  static CustomerSearch everyHit;
  static final List<Long> tenantA = new ArrayList<>();
  static final List<Long> tenantB = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    // a window of 2 and every tenant large: every rank with fewer than a page there is looked up
    // that way
    largeTenant =
        new CustomerSearch(db.pool(), 2, new LargeTenants(db.pool(), 0), CustomerSearch.FEW_OWNERS);
    everyHit = new CustomerSearch(db.pool(), 1_000_000);
    String[] cities = {"成都", "合肥", "杭州", "深圳"};
    for (int i = 0; i < 16; i++) {
      String name = cities[i % 4] + "汇峰第" + i + "科技有限公司";
      long owner = i % 2 == 0 ? org.rep1 : org.rep3;
      long id =
          await(
                  customers.create(
                      org.a(owner),
                      NewCustomer.named(name).withPhones(String.format("1390%03d8888", i))))
              .id();
      followedUp(org.tenantA.id(), id, 100 + i);
      tenantA.add(id);
    }
    for (int i = 0; i < 6; i++) {
      String name = cities[i % 4] + "汇峰第" + i + "科技有限公司";
      long id =
          await(
                  customers.create(
                      org.b(),
                      NewCustomer.named(name).withPhones(String.format("1370%03d8888", i))))
              .id();
      followedUp(org.tenantB.id(), id, i);
      tenantB.add(id);
    }
  }

  private static void followedUp(long tenant, long id, int hoursAgo) {
    await(
        db.pool()
            .preparedQuery(
                "UPDATE customer SET last_follow_up_at = now() - make_interval(hours => $3)"
                    + " WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(tenant, id, hoursAgo)));
  }

  private static List<Long> ids(CustomerSearch search, Actor actor, String q, int limit) {
    return await(search.search(actor, q, Scope.VISIBLE, limit)).stream()
        .map(h -> h.customer().id())
        .toList();
  }

  @Test
  @DisplayName("the page is the one ranking every hit gives, and only the actor's tenant's")
  void sameAsRankingEveryHit() {
    List<Actor> actors = List.of(org.a(org.admin), org.a(org.manager1), org.a(org.rep1), org.b());
    for (String q :
        List.of("汇峰", "汇峰第1", "hf", "huifeng", "cdhf", "8888", "0018888", "科技", "成都汇峰第0科技")) {
      for (Actor actor : actors) {
        for (int limit : List.of(1, 3, 20)) {
          List<Long> page = ids(largeTenant, actor, q, limit);
          assertThat(page)
              .as("%s as user %d, limit %d", q, actor.userId(), limit)
              .isEqualTo(ids(everyHit, actor, q, limit))
              .doesNotContainAnyElementsOf(
                  actor.tenantId() == org.tenantA.id() ? tenantB : tenantA);
        }
      }
    }
    assertThat(ids(largeTenant, org.a(org.admin), "8888", 50))
        .containsExactlyInAnyOrderElementsOf(tenantA);
    assertThat(ids(largeTenant, org.b(), "hf", 50)).containsExactlyInAnyOrderElementsOf(tenantB);
  }

  @Test
  @DisplayName("a tenant is large by the planner's statistics once it holds most of the customers")
  void largeByStatistics() {
    LargeTenants byHalf = new LargeTenants(db.pool(), LargeTenants.SHARE);
    await(db.pool().query("ANALYZE customer").execute());
    assertThat(await(byHalf.isLarge(org.tenantA.id()))).isTrue();
    assertThat(await(byHalf.isLarge(org.tenantB.id()))).isFalse();
    assertThat(await(byHalf.isLarge(-1))).isFalse();
  }
}
