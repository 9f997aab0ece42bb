package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.miniapp.PermissionMatrix.Role;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22, second slice: editing and deleting a customer's contacts from the mini-app, and the
 * duplicate-phone warning, as a rep (李雷), a manager (张经理) and the admin (王总) of {@code OrgFixture},
 * on their own customer, a subordinate's and someone else's. The warning names the other contact
 * only to who may see it.
 */
class ContactEditingApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static PermissionMatrix matrix;
  static String rep;
  static String manager;
  static String admin;
  static int counter;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    matrix = new PermissionMatrix(api);
    rep = matrix.token(Role.REP);
    manager = matrix.token(Role.MANAGER);
    admin = matrix.token(Role.ADMIN);
  }

  /** A customer of {@code owner} with one contact 老联系人N, phone {@link #phone}(N). */
  record Seeded(long customer, long contact, String phone) {}

  static String phone(int n) {
    return "139" + String.format("%08d", n);
  }

  static Seeded seed(long owner) {
    counter++;
    long customer =
        await(
                new CustomerService(db.pool())
                    .create(api.org.a(owner), NewCustomer.named("联系人测试客户" + counter + "号")))
            .id();
    String phone = phone(counter);
    long contact =
        await(
                new ContactService(db.pool())
                    .add(
                        api.org.a(owner),
                        customer,
                        NewContact.named("老联系人" + counter).withPhones(phone)))
            .id();
    return new Seeded(customer, contact, phone);
  }

  static List<JsonObject> contacts(long customer) {
    return api
        .ok(admin, HttpMethod.GET, "/api/customers/" + customer + "/contacts", null, 200)
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  /** Add, edit, both duplicate-phone warnings and delete, as {@code token} on owner's customer. */
  static void allowed(String token, long owner) {
    Seeded s = seed(owner);
    String list = "/api/customers/" + s.customer() + "/contacts";
    // a phone the customer's own contact has, written differently: warned, nothing written
    JsonObject dup =
        new JsonObject().put("name", "新联系人").put("phones", new JsonArray().add("+86 " + s.phone()));
    JsonObject warned =
        SettingsApiTest.error(api.call(token, HttpMethod.POST, list, dup), 409, "duplicate_phone");
    String oldName = contacts(s.customer()).get(0).getString("name");
    assertThat(warned.getString("message")).contains(oldName).contains("联系人测试客户");
    assertThat(warned.getJsonObject("details").getLong("contactId")).isEqualTo(s.contact());
    assertThat(contacts(s.customer())).hasSize(1);
    JsonObject added = api.ok(token, HttpMethod.POST, list, dup.copy().put("force", true), 201);
    assertThat(contacts(s.customer())).hasSize(2);

    String c = "/api/contacts/" + s.contact();
    int v = contacts(s.customer()).get(0).getInteger("version");
    JsonObject edited =
        api.ok(
            token,
            HttpMethod.PATCH,
            c,
            new JsonObject()
                .put("version", v)
                .put("name", "改名的联系人")
                .put("title", "采购经理")
                .put("email", "buyer@example.cn"),
            200);
    assertThat(edited.getString("name")).isEqualTo("改名的联系人");
    assertThat(edited.getString("title")).isEqualTo("采购经理");
    assertThat(edited.getInteger("version")).isGreaterThan(v);
    SettingsApiTest.error(
        api.call(token, HttpMethod.PATCH, c, new JsonObject().put("version", v).put("name", "旧页面")),
        409,
        "stale_version");

    // editing a phone into the other contact's: warned; kept phones are not warned of again
    String other = "/api/contacts/" + added.getLong("id");
    String fresh = phone(500_000 + counter);
    JsonObject keep =
        api.ok(
            token,
            HttpMethod.PATCH,
            other,
            new JsonObject()
                .put("version", added.getInteger("version"))
                .put("phones", new JsonArray().add("+86 " + s.phone()).add(fresh)),
            200);
    JsonObject toDup =
        new JsonObject()
            .put("version", edited.getInteger("version"))
            .put("phones", new JsonArray().add(fresh));
    SettingsApiTest.error(api.call(token, HttpMethod.PATCH, c, toDup), 409, "duplicate_phone");
    JsonObject forced = api.ok(token, HttpMethod.PATCH, c, toDup.copy().put("force", true), 200);
    assertThat(forced.getJsonArray("phones")).containsExactly(fresh);
    assertThat(keep.getJsonArray("phones")).hasSize(2);

    JsonObject deleted = api.ok(token, HttpMethod.DELETE, c, null, 200);
    assertThat(deleted.getLong("id")).isEqualTo(s.contact());
    assertThat(contacts(s.customer()))
        .extracting(o -> o.getLong("id"))
        .containsExactly(added.getLong("id"));
    assertThat(api.actions("contact", s.contact()))
        .containsSubsequence("create", "update", "update", "delete");
    SettingsApiTest.error(
        api.call(token, HttpMethod.PATCH, c, new JsonObject().put("version", 99).put("name", "x")),
        404,
        "not_found");
  }

  /**
   * The contact of a customer {@code token} may not see: edit and delete answer like a missing id;
   * its phone, typed on the user's own customer, is warned of without a name.
   */
  static void hidden(String token, long owner, long ownCustomer) {
    Seeded s = seed(owner);
    List<JsonObject> before = contacts(s.customer());
    int v = before.get(0).getInteger("version");
    sameAsMissing(
        token,
        HttpMethod.PATCH,
        "/api/contacts/%d",
        s.contact(),
        new JsonObject().put("version", v).put("name", "偷改"));
    sameAsMissing(token, HttpMethod.DELETE, "/api/contacts/%d", s.contact(), null);
    assertThat(contacts(s.customer())).isEqualTo(before);

    JsonObject dup =
        new JsonObject().put("name", "撞号的人").put("phones", new JsonArray().add(s.phone()));
    JsonObject warned =
        SettingsApiTest.error(
            api.call(token, HttpMethod.POST, "/api/customers/" + ownCustomer + "/contacts", dup),
            409,
            "duplicate_phone");
    assertThat(warned.getString("message")).isEqualTo("该电话（" + s.phone() + "）已被其他联系人使用");
    assertThat(warned.getJsonObject("details").fieldNames()).containsExactly("phone");
  }

  static void sameAsMissing(
      String token, HttpMethod method, String path, long hiddenId, JsonObject body) {
    api.sameAsMissing(token, method, path, hiddenId, body, "联系人测试客户", "老联系人");
  }

  static long own(long owner) {
    return seed(owner).customer();
  }

  @Test
  @DisplayName(
      "a rep edits and deletes their own customer's contacts; a colleague's are as if missing")
  void rep() {
    long mine = own(api.org.rep1);
    matrix.walk(
        Role.REP,
        ContactEditingApiTest::allowed,
        null,
        (token, owner) -> hidden(token, owner, mine));
  }

  @Test
  @DisplayName("a manager edits their own and their subordinates' contacts; another team's not")
  void manager() {
    long mine = own(api.org.manager1);
    matrix.walk(
        Role.MANAGER,
        ContactEditingApiTest::allowed,
        ContactEditingApiTest::allowed,
        (token, owner) -> hidden(token, owner, mine));
  }

  @Test
  @DisplayName("the admin edits anyone's contacts")
  void admin() {
    matrix.walk(
        Role.ADMIN,
        ContactEditingApiTest::allowed,
        ContactEditingApiTest::allowed,
        ContactEditingApiTest::allowed);
  }

  @Test
  @DisplayName("a deleted contact's phone is free again")
  void deletedPhoneIsFree() {
    Seeded s = seed(api.org.rep1);
    api.ok(rep, HttpMethod.DELETE, "/api/contacts/" + s.contact(), null, 200);
    // the phone of a deleted contact is free again
    api.ok(
        rep,
        HttpMethod.POST,
        "/api/customers/" + s.customer() + "/contacts",
        new JsonObject().put("name", "接替的人").put("phones", new JsonArray().add(s.phone())),
        201);
  }
}
