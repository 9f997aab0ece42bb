package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerSearch.Scope;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat command's customer found by its exact name, and always the one the search would decide on.
 */
class ExactNameMatchTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static ExactNameMatch exact;
  static CustomerSearch search;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    exact = new ExactNameMatch(db.pool());
    search = new CustomerSearch(db.pool());
    await(customers.create(org.a(org.rep1), NewCustomer.named("华为技术有限公司")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("海维科技").withShortName("海维", "HW科技")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("星河")));
    await(
        customers.create(org.a(org.rep1), NewCustomer.named("星河传媒有限公司").withShortName(null, "星河")));
    await(customers.create(org.a(org.rep3), NewCustomer.named("华为云代理商")));
    Customer released = await(customers.create(org.a(org.rep3), NewCustomer.named("远航物流")));
    await(
        new PoolService(db.pool(), Clock.systemUTC())
            .release(org.a(org.rep3), released.id(), "测试"));
  }

  private String only(long user, String typed, Scope scope) {
    CustomerHit hit = await(exact.only(org.a(user), typed, scope));
    return hit == null ? null : hit.customer().name();
  }

  @Test
  void theNameShortNameOrAliasFindsTheCustomer() {
    assertThat(only(org.rep1, "华为技术有限公司", Scope.VISIBLE)).isEqualTo("华为技术有限公司");
    assertThat(only(org.rep1, " 海维 ", Scope.VISIBLE)).isEqualTo("海维科技");
    assertThat(only(org.rep1, "HW科技", Scope.VISIBLE)).isEqualTo("海维科技");
  }

  @Test
  @DisplayName("a part of a name is for the search to rank, not an exact match")
  void aPartOfANameIsNotExact() {
    assertThat(only(org.rep1, "华为", Scope.VISIBLE)).isNull();
  }

  @Test
  @DisplayName("two customers answering to the name: none, so the rep is asked which")
  void twoCustomersSoNamedAreNotOne() {
    assertThat(only(org.rep1, "星河", Scope.VISIBLE)).isNull();
    List<CustomerHit> hits = await(search.search(org.a(org.rep1), "星河", Scope.VISIBLE, 5));
    assertThat(hits).hasSize(2).allSatisfy(h -> assertThat(h.score()).isEqualTo(100));
  }

  @Test
  void onlyWhatTheActorMaySee() {
    assertThat(only(org.rep3, "华为技术有限公司", Scope.VISIBLE)).isNull();
    assertThat(only(org.rep3, "华为云代理商", Scope.VISIBLE)).isEqualTo("华为云代理商");
    assertThat(only(org.admin, "华为云代理商", Scope.VISIBLE)).isEqualTo("华为云代理商");
    assertThat(await(exact.only(org.b(), "华为技术有限公司", Scope.VISIBLE))).isNull();
  }

  @Test
  void thePoolIsItsOwnScope() {
    assertThat(only(org.rep1, "远航物流", Scope.POOL)).isEqualTo("远航物流");
    assertThat(only(org.rep1, "华为技术有限公司", Scope.POOL)).isNull();
  }

  @Test
  @DisplayName("a tenant holding most customers is asked by name alone, and finds the same")
  void aLargeTenantFindsTheSame() {
    ExactNameMatch large = new ExactNameMatch(db.pool(), new LargeTenants(db.pool(), 0));
    assertThat(await(large.only(org.a(org.rep1), "HW科技", Scope.VISIBLE)).customer().name())
        .isEqualTo("海维科技");
    assertThat(await(large.only(org.a(org.rep3), "华为技术有限公司", Scope.VISIBLE))).isNull();
    assertThat(await(large.only(org.b(), "华为技术有限公司", Scope.VISIBLE))).isNull();
    assertThat(await(large.only(org.a(org.rep1), "远航物流", Scope.POOL)).customer().name())
        .isEqualTo("远航物流");
    assertThat(await(large.only(org.b(), "远航物流", Scope.POOL))).isNull();
  }

  @Test
  @DisplayName("whatever it finds is the search's clear first hit")
  void agreesWithTheSearch() {
    for (String typed : List.of("华为技术有限公司", "海维", "HW科技", "华为云代理商")) {
      Customer c = await(exact.only(org.a(org.admin), typed, Scope.VISIBLE)).customer();
      List<CustomerHit> hits = await(search.search(org.a(org.admin), typed, Scope.VISIBLE, 5));
      assertThat(hits.get(0).customer().id()).isEqualTo(c.id());
      assertThat(hits.get(0).score()).isEqualTo(100);
      assertThat(hits.stream().skip(1)).allSatisfy(h -> assertThat(h.score()).isLessThan(100));
    }
  }
}
