package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.report.PipelineCache;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the chat's customer linker reads: a tenant's names, which of them one user may see (the same
 * as everywhere else), which are theirs, and a word on the change feed when names change.
 */
class KnownCustomersTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerService customers;
  static KnownCustomers known;
  static Customer mine;
  static Customer colleagues;
  static Customer shared;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    NameChanges changes = new NameChanges();
    customers = new CustomerService(db.pool(), PipelineCache.none(), changes);
    known = new KnownCustomers(db.pool(), changes);
    mine =
        await(
            customers.create(
                org.a(org.rep1), NewCustomer.named("北京星河传媒有限公司").withShortName("星河", "星河传媒")));
    colleagues = await(customers.create(org.a(org.rep3), NewCustomer.named("鼎海采购服务有限公司")));
    shared = await(customers.create(org.a(org.rep3), NewCustomer.named("蓝鲸物流科技有限公司")));
    await(customers.addCollaborator(org.a(org.rep3), shared.id(), org.rep1));
    await(customers.create(org.b(), NewCustomer.named("别家公司")));
  }

  @Test
  @DisplayName("the tenant's names, short names and aliases; never another tenant's")
  void namesOfTheTenant() {
    List<KnownCustomers.Named> names = await(known.all(org.a(org.rep1)));
    assertThat(names)
        .extracting(KnownCustomers.Named::name)
        .contains("北京星河传媒有限公司", "鼎海采购服务有限公司", "蓝鲸物流科技有限公司")
        .doesNotContain("别家公司");
    KnownCustomers.Named xinghe =
        names.stream().filter(n -> n.id() == mine.id()).findFirst().orElseThrow();
    assertThat(xinghe.shortName()).isEqualTo("星河");
    assertThat(xinghe.aliases()).containsExactly("星河传媒");
  }

  @Test
  @DisplayName(
      "a rep sees their own and collaborated customers, not a colleague's; theirs preferred")
  void sightOfARep() {
    KnownCustomers.Sight sight =
        await(known.sight(org.a(org.rep1), List.of(mine.id(), colleagues.id(), shared.id())));
    assertThat(sight.visible()).containsExactlyInAnyOrder(mine.id(), shared.id());
    assertThat(sight.preferred()).containsExactlyInAnyOrder(mine.id(), shared.id());
  }

  @Test
  @DisplayName("an admin sees every customer, but only their own are preferred")
  void sightOfAnAdmin() {
    KnownCustomers.Sight sight =
        await(known.sight(org.a(org.admin), List.of(mine.id(), colleagues.id(), shared.id())));
    assertThat(sight.visible()).containsExactlyInAnyOrder(mine.id(), colleagues.id(), shared.id());
    assertThat(sight.preferred()).isEmpty();
  }

  @Test
  @DisplayName(
      "creating, renaming and deleting a customer is counted here and announced on the change feed")
  void namesChangedAreAnnounced() {
    ChangeFeed feed = new ChangeFeed(db.location().connectOptions());
    List<String> heard = new CopyOnWriteArrayList<>();
    feed.onChange(ChangeFeed.Listener.of(heard::add, () -> {}));
    String deployment = await(db.vertx().deployVerticle(feed));
    try {
      String message = KnownCustomers.CHANGE_PREFIX + org.tenantA.id();
      assertThat(KnownCustomers.changedTenant(message)).isEqualTo(org.tenantA.id());
      long before = known.generation(org.tenantA.id());
      Customer created = await(customers.create(org.a(org.rep1), NewCustomer.named("通告测试公司")));
      assertThat(known.generation(org.tenantA.id()))
          .as("this node knows at once")
          .isGreaterThan(before);
      Eventually.within(Duration.ofSeconds(10)).until(() -> heard.contains(message));
      heard.clear();
      long renamed = known.generation(org.tenantA.id());
      await(
          customers.update(
              org.a(org.rep1),
              created.id(),
              created.version(),
              CustomerChanges.none().name("通告测试有限公司")));
      assertThat(known.generation(org.tenantA.id())).isGreaterThan(renamed);
      Eventually.within(Duration.ofSeconds(10)).until(() -> heard.contains(message));
      heard.clear();
      await(customers.delete(org.a(org.rep1), created.id()));
      Eventually.within(Duration.ofSeconds(10)).until(() -> heard.contains(message));
      long other = known.generation(org.tenantB.id());
      new NameChanges().changed(org.tenantB.id());
      NameChanges elsewhere = new NameChanges();
      elsewhere.onChange(KnownCustomers.CHANGE_PREFIX + org.tenantB.id());
      assertThat(elsewhere.of(org.tenantB.id()))
          .as("another node hears it on the feed")
          .isEqualTo(1);
      assertThat(known.generation(org.tenantB.id())).isEqualTo(other);
    } finally {
      await(db.vertx().undeploy(deployment));
    }
  }
}
