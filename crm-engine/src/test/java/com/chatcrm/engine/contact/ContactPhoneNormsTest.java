package com.chatcrm.engine.contact;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** V23: contacts' phones compared by an indexed normalised column that the database keeps. */
class ContactPhoneNormsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerService customers;
  static ContactService contacts;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    contacts = new ContactService(db.pool());
  }

  @Test
  @DisplayName("the database normalises a phone exactly as the engine does")
  void sqlAndJavaAgree() {
    List<String> samples =
        List.of(
            "+86 138-1234-5678",
            "13812345678",
            "８６１３８００１３８０００",
            "0086 13800138000",
            "010-8888 6666",
            "+86 10 8888 6666",
            "＋86 21 6666 8888",
            "0086 755 8888 6666",
            "86 1088886666",
            "8675588886666",
            "400-800-1234",
            "+1 415 555 0100",
            "+86");
    for (String phone : samples) {
      Row r =
          await(
                  db.pool()
                      .preparedQuery("SELECT crm_phone_norms($1) AS n")
                      .execute(Tuple.of((Object) new String[] {phone})))
              .iterator()
              .next();
      String java = CompanyNames.normalizePhone(phone);
      assertThat(r.getArrayOfStrings("n"))
          .as(phone)
          .containsExactly(java.isEmpty() ? new String[0] : new String[] {java});
    }
    assertThat(CompanyNames.normalizePhone("+86 10 8888 6666"))
        .isEqualTo(CompanyNames.normalizePhone("010-8888 6666"))
        .isEqualTo("01088886666");
  }

  @Test
  @DisplayName(
      "+86 138-1234-5678 and 13812345678 are one number: adding the second warns of the first;"
          + " the column follows edits and deletes")
  void sameNumberWrittenTwoWays() {
    Customer first = await(customers.create(org.a(org.rep1), NewCustomer.named("号码归一甲")));
    Customer second = await(customers.create(org.a(org.rep1), NewCustomer.named("号码归一乙")));
    Contact zhou =
        await(
            contacts.add(
                org.a(org.rep1),
                first.id(),
                NewContact.named("周经理").withPhones("+86 138-1234-5678"),
                false));
    assertThat(norms(zhou.id())).containsExactly("13812345678");

    assertThatThrownBy(
            () ->
                await(
                    contacts.add(
                        org.a(org.rep1),
                        second.id(),
                        NewContact.named("吴经理").withPhones("13812345678"),
                        false)))
        .isInstanceOfSatisfying(
            DuplicatePhone.class,
            e -> {
              assertThat(e.details().getLong("contactId")).isEqualTo(zhou.id());
              assertThat(e.details().getString("phone")).isEqualTo("+86 138-1234-5678");
            });

    Contact moved =
        await(
            contacts.update(
                org.a(org.rep1),
                zhou.id(),
                zhou.version(),
                ContactChanges.none().phones(List.of("+86 10 8888 6666"))));
    assertThat(norms(moved.id())).containsExactly("01088886666");
    Contact wu =
        await(
            contacts.add(
                org.a(org.rep1),
                second.id(),
                NewContact.named("吴经理").withPhones("13812345678"),
                false));
    assertThat(wu.phones()).containsExactly("13812345678");
    await(contacts.delete(org.a(org.rep1), moved.id()));
    assertThat(
            await(
                contacts.add(
                    org.a(org.rep1),
                    second.id(),
                    NewContact.named("总机").withPhones("010-8888 6666"),
                    false)))
        .satisfies(c -> assertThat(norms(c.id())).containsExactly("01088886666"));
  }

  @Test
  @DisplayName("the check is answered from the (tenant_id, phone_norms) index")
  void indexed() {
    Customer big = await(customers.create(org.a(org.rep2), NewCustomer.named("号码归一大客户")));
    // a tenant with many contacts, so that reading them all costs what it would in production
    await(
        db.pool()
            .preparedQuery(
                "INSERT INTO contact (tenant_id, customer_id, name, phones, created_by)"
                    + " SELECT $1, $2, '联系人' || i, ARRAY['139' || lpad(i::text, 8, '0')], $3"
                    + " FROM generate_series(1, 20000) AS i")
            .execute(Tuple.of(org.tenantA.id(), big.id(), org.rep2)));
    await(db.pool().query("ANALYZE contact").execute());
    String plan =
        await(
                db.pool()
                    .preparedQuery(
                        "EXPLAIN (COSTS OFF) SELECT id FROM contact WHERE tenant_id = $1"
                            + " AND deleted_at IS NULL AND phone_norms && crm_phone_norms($2)")
                    .execute(
                        Tuple.of(org.tenantA.id(), (Object) new String[] {"+86 139 0000 0042"})))
            .stream()
            .map(r -> r.getString(0))
            .reduce("", (a, b) -> a + "\n" + b);
    assertThat(plan).contains("contact_phone_norms_idx");
  }

  private static List<String> norms(long contactId) {
    return List.of(
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT phone_norms FROM contact WHERE tenant_id = $1 AND id = $2")
                    .execute(Tuple.of(org.tenantA.id(), contactId)))
            .iterator()
            .next()
            .getArrayOfStrings("phone_norms"));
  }
}
