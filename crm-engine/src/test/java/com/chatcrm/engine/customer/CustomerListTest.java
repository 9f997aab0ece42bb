package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerListTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerList lists;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    lists = new CustomerList(db.pool());
    for (int i = 1; i <= 7; i++) {
      await(
          customers.create(
              org.a(org.rep1),
              NewCustomer.named("列表客户" + i)
                  .withLevel(i % 2 == 0 ? CustomerLevel.INTENT : CustomerLevel.POTENTIAL)));
    }
    await(customers.create(org.a(org.rep2), NewCustomer.named("韩梅梅的列表客户")));
    Customer shared = await(customers.create(org.a(org.rep3), NewCustomer.named("赵六的协同客户")));
    await(customers.addCollaborator(org.a(org.rep3), shared.id(), org.rep1));
  }

  @Test
  void pagesWalkEveryOwnCustomerOnceNewestFirst() {
    List<String> seen = new ArrayList<>();
    Long cursor = null;
    do {
      CustomerPage page = await(lists.list(org.a(org.rep1), CustomerFilter.mine(), cursor, 3));
      page.items().forEach(c -> seen.add(c.name()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(seen).containsExactly("列表客户7", "列表客户6", "列表客户5", "列表客户4", "列表客户3", "列表客户2", "列表客户1");
  }

  @Test
  void levelFilter() {
    assertThat(
            await(
                    lists.list(
                        org.a(org.rep1),
                        CustomerFilter.mine().withLevel(CustomerLevel.INTENT),
                        null,
                        20))
                .items())
        .extracting(Customer::name)
        .containsExactly("列表客户6", "列表客户4", "列表客户2");
  }

  @Test
  void teamOfAManagerIncludesTheSubtreeButNotCollaborationsOfOthers() {
    List<Customer> team =
        await(lists.list(org.a(org.manager1), CustomerFilter.team(), null, 50)).items();
    assertThat(team)
        .extracting(Customer::name)
        .contains("韩梅梅的列表客户", "列表客户1")
        .doesNotContain("赵六的协同客户");
  }

  @Test
  void collaboratingScope() {
    assertThat(
            await(
                    lists.list(
                        org.a(org.rep1),
                        new CustomerFilter(CustomerFilter.Scope.COLLABORATING, null, null, null),
                        null,
                        20))
                .items())
        .extracting(Customer::name)
        .containsExactly("赵六的协同客户");
  }

  @Test
  void listingSomeoneOutsideTheSubtreeIsForbidden() {
    assertThatThrownBy(
            () ->
                await(
                    lists.list(
                        org.a(org.manager1), CustomerFilter.team().withOwner(org.rep3), null, 20)))
        .isInstanceOf(Forbidden.class);
    assertThat(await(lists.list(org.b(), CustomerFilter.team(), null, 20)).items()).isEmpty();
  }
}
