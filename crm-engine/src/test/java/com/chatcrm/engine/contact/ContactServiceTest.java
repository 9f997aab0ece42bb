package com.chatcrm.engine.contact;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContactServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final AtomicInteger SEQ = new AtomicInteger();

  static OrgFixture org;
  static CustomerService customers;
  static ContactService contacts;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    contacts = new ContactService(db.pool());
  }

  static Customer customerOf(long owner) {
    return await(
        customers.create(org.a(owner), NewCustomer.named("联系人客户" + SEQ.incrementAndGet())));
  }

  static InvalidInput invalid(Throwable e) {
    return (InvalidInput) e;
  }

  @Test
  @DisplayName(
      "a rep adds contacts to their customer; they are listed in order and the addition is audited")
  void addAndList() {
    Customer c = customerOf(org.rep1);
    var actor = org.a(org.rep1);
    Contact wang =
        await(
            contacts.add(
                actor,
                c.id(),
                NewContact.named(" 王采购 ")
                    .withTitle("采购经理")
                    .withPhones("138-0000-1111", "021 6666 8888")
                    .withEmail("wang@example.cn")
                    .withWechat("wang_cg")));
    Contact li = await(contacts.add(org.a(org.rep1), c.id(), NewContact.named("李工")));

    assertThat(wang.name()).isEqualTo("王采购");
    assertThat(wang.customerId()).isEqualTo(c.id());
    assertThat(wang.phones()).containsExactly("138-0000-1111", "021 6666 8888");
    assertThat(wang.version()).isEqualTo(1);
    assertThat(await(contacts.listByCustomer(org.a(org.manager1), c.id())))
        .extracting(Contact::id)
        .containsExactly(wang.id(), li.id());
    assertThat(await(contacts.get(org.a(org.rep1), wang.id())).email())
        .isEqualTo("wang@example.cn");

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "contact", wang.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.sourceRef()).isEqualTo(actor.source().ref());
              assertThat(e.changes().getLong("customerId")).isEqualTo(c.id());
            });
  }

  @Test
  @DisplayName("a name is required; phones need 5 to 20 digits; an email needs its shape")
  void validation() {
    Customer c = customerOf(org.rep1);
    var rep = org.a(org.rep1);
    assertThatThrownBy(() -> await(contacts.add(rep, c.id(), NewContact.named("  "))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(e -> assertThat(invalid(e).details().getString("field")).isEqualTo("name"));
    assertThatThrownBy(
            () -> await(contacts.add(rep, c.id(), NewContact.named("甲").withPhones("1234"))))
        .isInstanceOf(InvalidInput.class)
        .satisfies(e -> assertThat(invalid(e).details().getString("field")).isEqualTo("phones"));
    assertThatThrownBy(
            () ->
                await(contacts.add(rep, c.id(), NewContact.named("甲").withPhones("1".repeat(21)))))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(
            () -> await(contacts.add(rep, c.id(), NewContact.named("甲").withPhones("没有号码"))))
        .isInstanceOf(InvalidInput.class);
    for (String bad :
        List.of(
            "wang@",
            "wang.example.cn",
            "wang@example",
            "wang@@example.cn",
            "wang wang@example.cn")) {
      assertThatThrownBy(
              () -> await(contacts.add(rep, c.id(), NewContact.named("甲").withEmail(bad))))
          .as(bad)
          .isInstanceOf(InvalidInput.class)
          .satisfies(e -> assertThat(invalid(e).details().getString("field")).isEqualTo("email"));
    }
    assertThat(
            await(
                    contacts.add(
                        rep,
                        c.id(),
                        NewContact.named("乙")
                            .withPhones("+86 138 0000 2222")
                            .withEmail("li.gong@mail.example.com.cn")))
                .phones())
        .containsExactly("+86 138 0000 2222");
    assertThat(await(contacts.listByCustomer(org.a(org.rep1), c.id()))).hasSize(1);
  }

  @Test
  @DisplayName(
      "a stale edit is refused with a clear conflict; the first edit is kept and audited as a diff")
  void optimisticLocking() {
    Customer c = customerOf(org.rep1);
    Contact k =
        await(
            contacts.add(
                org.a(org.rep1),
                c.id(),
                NewContact.named("张总").withTitle("总经理").withEmail("zhang@example.cn")));
    Contact edited =
        await(
            contacts.update(
                org.a(org.rep1), k.id(), 1, ContactChanges.none().title("董事长").email("")));
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.title()).isEqualTo("董事长");
    assertThat(edited.email()).as("a blank string clears the field").isNull();
    assertThat(edited.name()).isEqualTo("张总");

    assertThatThrownBy(
            () ->
                await(
                    contacts.update(
                        org.a(org.manager1), k.id(), 1, ContactChanges.none().name("张董"))))
        .isInstanceOf(StaleVersion.class)
        .satisfies(
            e ->
                assertThat(((StaleVersion) e).details().getInteger("currentVersion")).isEqualTo(2));
    assertThat(await(contacts.get(org.a(org.rep1), k.id())).name()).isEqualTo("张总");

    assertThatThrownBy(
            () ->
                await(
                    contacts.update(
                        org.a(org.rep1), k.id(), 2, ContactChanges.none().phones(List.of("12")))))
        .isInstanceOf(InvalidInput.class);
    assertThat(
            await(contacts.update(org.a(org.rep1), k.id(), 2, ContactChanges.none().title("董事长")))
                .version())
        .as("an edit that changes nothing is not a new version")
        .isEqualTo(2);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "contact", k.id()));
    assertThat(history).extracting(AuditEntry::action).containsExactly("create", "update");
    assertThat(history.get(1).changes().fieldNames()).containsExactlyInAnyOrder("title", "email");
    assertThat(history.get(1).changes().getJsonObject("title").getString("from")).isEqualTo("总经理");
  }

  @Test
  @DisplayName("a deleted contact disappears from the customer and cannot be edited")
  void softDelete() {
    Customer c = customerOf(org.rep1);
    Contact k = await(contacts.add(org.a(org.rep1), c.id(), NewContact.named("离职的对接人")));
    Contact deleted = await(contacts.delete(org.a(org.rep1), k.id()));
    assertThat(deleted.deleted()).isTrue();
    assertThat(await(contacts.listByCustomer(org.a(org.rep1), c.id()))).isEmpty();
    assertThatThrownBy(() -> await(contacts.get(org.a(org.rep1), k.id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(
            () ->
                await(contacts.update(org.a(org.rep1), k.id(), 2, ContactChanges.none().name("x"))))
        .isInstanceOf(NotFound.class);
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "contact", k.id())))
        .extracting(AuditEntry::action)
        .containsExactly("create", "delete");
  }

  @Test
  @DisplayName(
      "contacts follow the customer's permissions: other departments are refused, other tenants find nothing")
  void permissions() {
    Customer c = customerOf(org.rep3);
    Contact k = await(contacts.add(org.a(org.rep3), c.id(), NewContact.named("赵六的客户联系人")));

    // another department's customer is not there for them: the same NotFound as a missing id
    assertThatThrownBy(() -> await(contacts.add(org.a(org.rep1), c.id(), NewContact.named("越权"))))
        .isInstanceOf(NotFound.class)
        .hasMessage("客户不存在（" + c.id() + "）");
    assertThatThrownBy(() -> await(contacts.listByCustomer(org.a(org.rep1), c.id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(contacts.get(org.a(org.manager1), k.id())))
        .isInstanceOf(NotFound.class)
        .hasMessage("联系人不存在（" + k.id() + "）");
    assertThatThrownBy(
            () ->
                await(contacts.update(org.a(org.rep1), k.id(), 1, ContactChanges.none().name("改"))))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(contacts.delete(org.a(org.rep2), k.id())))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(contacts.add(org.b(), c.id(), NewContact.named("外人"))))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(contacts.get(org.b(), k.id()))).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> await(contacts.delete(org.b(), k.id()))).isInstanceOf(NotFound.class);

    assertThat(
            await(contacts.add(org.a(org.manager2), c.id(), NewContact.named("经理加的"))).createdBy())
        .isEqualTo(org.manager2);
    assertThat(
            await(contacts.update(org.a(org.admin), k.id(), 1, ContactChanges.none().title("采购")))
                .title())
        .isEqualTo("采购");

    await(customers.addCollaborator(org.a(org.rep3), c.id(), org.rep1));
    assertThat(await(contacts.add(org.a(org.rep1), c.id(), NewContact.named("协同人加的"))).createdBy())
        .isEqualTo(org.rep1);
    assertThat(await(contacts.listByCustomer(org.a(org.rep1), c.id()))).hasSize(3);
  }
}
