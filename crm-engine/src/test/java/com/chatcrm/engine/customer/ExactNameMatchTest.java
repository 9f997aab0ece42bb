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
  static CustomerService customers;
  static Customer huawei;
  static Customer haiwei;
  static Customer yuanhang;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    exact = new ExactNameMatch(db.pool());
    search = new CustomerSearch(db.pool());
    huawei = await(customers.create(org.a(org.rep1), NewCustomer.named("华为技术有限公司")));
    haiwei =
        await(
            customers.create(
                org.a(org.rep1), NewCustomer.named("海维科技").withShortName("海维", "HW科技")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("星河")));
    await(
        customers.create(org.a(org.rep1), NewCustomer.named("星河传媒有限公司").withShortName(null, "星河")));
    await(customers.create(org.a(org.rep3), NewCustomer.named("华为云代理商")));
    yuanhang = await(customers.create(org.a(org.rep3), NewCustomer.named("远航物流")));
    await(
        new PoolService(db.pool(), Clock.systemUTC())
            .release(org.a(org.rep3), yuanhang.id(), "测试"));
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

  private String linked(long user, Customer c, String typed, Scope scope) {
    CustomerHit hit = await(exact.linked(org.a(user), c.id(), typed, scope));
    return hit == null ? null : hit.customer().name();
  }

  @Test
  @DisplayName("the customer the chat linked is read by its id, as the name would find it")
  void aLinkedCustomerIsReadByItsId() {
    assertThat(linked(org.rep1, huawei, "华为技术有限公司", Scope.VISIBLE)).isEqualTo("华为技术有限公司");
    assertThat(linked(org.admin, haiwei, "HW科技", Scope.VISIBLE)).isEqualTo("海维科技");
    assertThat(linked(org.rep1, yuanhang, "远航物流", Scope.POOL)).isEqualTo("远航物流");
  }

  @Test
  @DisplayName("a linked customer the actor may not see, or of another company, is not found")
  void aLinkedCustomerOnlyWhereTheActorMaySee() {
    assertThat(linked(org.rep3, huawei, "华为技术有限公司", Scope.VISIBLE)).isNull();
    assertThat(linked(org.rep1, yuanhang, "远航物流", Scope.VISIBLE)).isNull();
    assertThat(linked(org.rep1, huawei, "华为技术有限公司", Scope.POOL)).isNull();
    assertThat(await(exact.linked(org.b(), huawei.id(), "华为技术有限公司", Scope.VISIBLE))).isNull();
  }

  @Test
  @DisplayName("a link a moment old (the name now someone else's) finds what the name finds")
  void aStaleLinkFindsByTheName() {
    // the chat's list of names linked 华为技术有限公司 to 海维科技's id: the name decides
    assertThat(linked(org.rep1, haiwei, "华为技术有限公司", Scope.VISIBLE)).isEqualTo("华为技术有限公司");
    Customer renamed = await(customers.create(org.a(org.rep1), NewCustomer.named("旧名字贸易有限公司")));
    await(
        customers.update(
            org.a(org.rep1),
            renamed.id(),
            renamed.version(),
            CustomerChanges.none().name("新名字贸易有限公司")));
    assertThat(linked(org.rep1, renamed, "旧名字贸易有限公司", Scope.VISIBLE)).isNull();
    assertThat(linked(org.rep1, renamed, "新名字贸易有限公司", Scope.VISIBLE)).isEqualTo("新名字贸易有限公司");
  }
}
