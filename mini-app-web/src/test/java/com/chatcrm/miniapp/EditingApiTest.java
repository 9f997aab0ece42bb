package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.miniapp.PermissionMatrix.Role;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22, first slice: editing a customer, 退回公海, deleting and restoring it, and creating,
 * editing, moving and losing its deals from the mini-app, as a rep (李雷), a manager (张经理) and the
 * admin (王总) of {@code OrgFixture}, on their own customer, a subordinate's and someone else's. What
 * the user may change is changed and audited; what they may not see answers exactly like a missing
 * id and stays as it was.
 */
class EditingApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static PermissionMatrix matrix;
  static String rep;
  static String manager;
  static String admin;
  static long counter;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    matrix = new PermissionMatrix(api);
    rep = matrix.token(Role.REP);
    manager = matrix.token(Role.MANAGER);
    admin = matrix.token(Role.ADMIN);
  }

  /** A customer of {@code owner} with one open deal, made through the engine as the owner. */
  record Seeded(long customer, long deal) {}

  static Seeded seed(long owner) {
    counter++;
    long customer =
        await(
                new CustomerService(db.pool())
                    .create(api.org.a(owner), NewCustomer.named("编辑测试客户" + counter + "号")))
            .id();
    long deal =
        await(
                new OpportunityService(db.pool())
                    .create(
                        api.org.a(owner),
                        NewOpportunity.of(customer, "年度框架" + counter, new BigDecimal("100000"))))
            .id();
    return new Seeded(customer, deal);
  }

  static JsonObject customer(long id) {
    return api.ok(admin, HttpMethod.GET, "/api/customers/" + id, null, 200);
  }

  static List<JsonObject> deals(long customer) {
    return api
        .ok(admin, HttpMethod.GET, "/api/customers/" + customer + "/opportunities", null, 200)
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  static long stage(String kind, int index) {
    return api.ok(rep, HttpMethod.GET, "/api/stages", null, 200).getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getString("kind").equals(kind))
        .toList()
        .get(index)
        .getLong("id");
  }

  static List<String> actions(String entity, long id) {
    return api.actions(entity, id);
  }

  /**
   * Every new operation as {@code token} on {@code owner}'s customer, which the user may change.
   */
  static void allowed(String token, long owner) {
    Seeded s = seed(owner);
    String c = "/api/customers/" + s.customer();
    int v = customer(s.customer()).getInteger("version");
    JsonObject edited =
        api.ok(
            token,
            HttpMethod.PATCH,
            c,
            new JsonObject()
                .put("version", v)
                .put("name", "改名后的客户" + counter)
                .put("industry", "物流")
                .put("region", "上海")
                .put("level", "intent"),
            200);
    assertThat(edited.getString("name")).isEqualTo("改名后的客户" + counter);
    assertThat(edited.getString("industry")).isEqualTo("物流");
    assertThat(edited.getString("level")).isEqualTo("intent");
    assertThat(edited.getInteger("version")).isGreaterThan(v);
    HttpResponse<Buffer> stale =
        api.call(token, HttpMethod.PATCH, c, new JsonObject().put("version", v).put("name", "旧页面"));
    SettingsApiTest.error(stale, 409, "stale_version");
    assertThat(customer(s.customer()).getString("name")).isEqualTo("改名后的客户" + counter);

    JsonObject created =
        api.ok(
            token,
            HttpMethod.POST,
            c + "/opportunities",
            new JsonObject()
                .put("name", "新建的商机")
                .put("amount", 52000.5)
                .put("expectedClose", "2031-03-31"),
            201);
    assertThat(created.getString("amount")).isEqualTo("52000.50");
    assertThat(created.getString("expectedClose")).isEqualTo("2031-03-31");
    assertThat(created.getString("status")).isEqualTo("open");
    String o = "/api/opportunities/" + created.getLong("id");
    JsonObject changed =
        api.ok(
            token,
            HttpMethod.PATCH,
            o,
            new JsonObject()
                .put("version", created.getInteger("version"))
                .put("name", "改过的商机")
                .put("amount", 60000)
                .put("expectedClose", "2031-06-30"),
            200);
    assertThat(changed.getString("amount")).isEqualTo("60000.00");
    assertThat(changed.getString("expectedClose")).isEqualTo("2031-06-30");
    SettingsApiTest.error(
        api.call(
            token,
            HttpMethod.PATCH,
            o,
            new JsonObject().put("version", created.getInteger("version")).put("amount", 1)),
        409,
        "stale_version");
    JsonObject cleared =
        api.ok(
            token,
            HttpMethod.PATCH,
            o,
            new JsonObject().put("version", changed.getInteger("version")).putNull("expectedClose"),
            200);
    assertThat(cleared.getString("expectedClose")).isNull();
    JsonObject moved =
        api.ok(
            token,
            HttpMethod.POST,
            o + "/stage",
            new JsonObject()
                .put("version", cleared.getInteger("version"))
                .put("stageId", stage("open", 1)),
            200);
    assertThat(moved.getLong("stageId")).isEqualTo(stage("open", 1));
    assertThat(actions("opportunity", created.getLong("id")))
        .containsSubsequence("create", "update", "update");

    String seeded = "/api/opportunities/" + s.deal();
    int dealVersion =
        deals(s.customer()).stream()
            .filter(d -> d.getLong("id") == s.deal())
            .findFirst()
            .orElseThrow()
            .getInteger("version");
    JsonObject lost =
        api.ok(
            token,
            HttpMethod.POST,
            seeded + "/lose",
            new JsonObject().put("version", dealVersion).put("reason", "价格太高"),
            200);
    assertThat(lost.getString("status")).isEqualTo("lost");
    assertThat(lost.getString("lostReason")).isEqualTo("价格太高");

    JsonObject deleted = api.ok(token, HttpMethod.DELETE, c, null, 200);
    assertThat(deleted.getBoolean("deleted")).isTrue();
    // shown to who may restore it, so the page offers 恢复 after a reload; nothing to change
    JsonObject gone = api.ok(token, HttpMethod.GET, c, null, 200);
    assertThat(gone.getBoolean("deleted")).isTrue();
    assertThat(gone.getBoolean("canEdit")).isFalse();
    assertThat(gone.getBoolean("canManage")).isTrue();
    assertThat(api.call(token, HttpMethod.GET, c + "/opportunities", null).statusCode())
        .isEqualTo(404);
    JsonObject restored = api.ok(token, HttpMethod.POST, c + "/restore", null, 200);
    assertThat(restored.getBoolean("deleted")).isFalse();

    JsonObject released =
        api.ok(
            token, HttpMethod.POST, c + "/release", new JsonObject().put("reason", "客户暂无需求"), 200);
    assertThat(released.getBoolean("inPool")).isTrue();
    assertThat(released.getValue("ownerId")).isNull();
    assertThat(actions("customer", s.customer()))
        .containsSubsequence("update", "delete", "restore");
    assertThat(actions("customer", s.customer()).get(actions("customer", s.customer()).size() - 1))
        .isEqualTo("release");
  }

  /**
   * Every new operation as {@code token} on {@code owner}'s customer, which the user may not see:
   * each answers exactly as for a missing id, and nothing changes.
   */
  static void hidden(String token, long owner) {
    Seeded s = seed(owner);
    JsonObject before = customer(s.customer());
    List<JsonObject> dealsBefore = deals(s.customer());
    record Op(HttpMethod method, String path, JsonObject body) {}
    List<Op> ops =
        List.of(
            new Op(
                HttpMethod.PATCH,
                "/api/customers/%d",
                new JsonObject().put("version", before.getInteger("version")).put("name", "偷改")),
            new Op(HttpMethod.POST, "/api/customers/%d/release", new JsonObject()),
            new Op(HttpMethod.DELETE, "/api/customers/%d", null),
            new Op(HttpMethod.POST, "/api/customers/%d/restore", null),
            new Op(
                HttpMethod.POST,
                "/api/customers/%d/opportunities",
                new JsonObject().put("name", "偷建的商机").put("amount", 1)));
    for (Op op : ops) {
      sameAsMissing(token, op.method(), op.path(), s.customer(), op.body());
    }
    int dv = dealsBefore.get(0).getInteger("version");
    sameAsMissing(
        token,
        HttpMethod.PATCH,
        "/api/opportunities/%d",
        s.deal(),
        new JsonObject().put("version", dv).put("amount", 1));
    sameAsMissing(
        token,
        HttpMethod.POST,
        "/api/opportunities/%d/lose",
        s.deal(),
        new JsonObject().put("version", dv).put("reason", "偷偷输单"));
    sameAsMissing(
        token,
        HttpMethod.POST,
        "/api/opportunities/%d/stage",
        s.deal(),
        new JsonObject().put("version", dv).put("stageId", stage("open", 1)));
    assertThat(customer(s.customer())).isEqualTo(before);
    assertThat(deals(s.customer())).isEqualTo(dealsBefore);
  }

  static void sameAsMissing(
      String token, HttpMethod method, String path, long hiddenId, JsonObject body) {
    api.sameAsMissing(token, method, path, hiddenId, body, "编辑测试客户", "年度框架");
  }

  @Test
  @DisplayName("a rep changes their own customer and deals; a colleague's are as if missing")
  void rep() {
    matrix.walk(Role.REP, EditingApiTest::allowed, null, EditingApiTest::hidden);
  }

  @Test
  @DisplayName("a manager changes their own and their subordinates' customers; another team's not")
  void manager() {
    matrix.walk(
        Role.MANAGER, EditingApiTest::allowed, EditingApiTest::allowed, EditingApiTest::hidden);
  }

  @Test
  @DisplayName("the admin changes anyone's customer and deals")
  void admin() {
    matrix.walk(
        Role.ADMIN, EditingApiTest::allowed, EditingApiTest::allowed, EditingApiTest::allowed);
  }

  @Test
  @DisplayName("bad input is refused with 400 naming the field, in Chinese; nothing is written")
  void badInput() {
    Seeded s = seed(api.org.rep1);
    String c = "/api/customers/" + s.customer();
    int before = deals(s.customer()).size();
    for (JsonObject body :
        List.of(
            new JsonObject().put("name", "负数").put("amount", -1),
            new JsonObject().put("name", "坏日期").put("expectedClose", "2031-02-30"),
            new JsonObject().put("name", "远日期").put("expectedClose", "2150-01-01"),
            new JsonObject().put("name", "文本金额").put("amount", "五万"),
            new JsonObject().put("amount", 5))) {
      SettingsApiTest.error(
          api.call(rep, HttpMethod.POST, c + "/opportunities", body), 400, "invalid_input");
    }
    assertThat(deals(s.customer())).hasSize(before);
    JsonObject deal = deals(s.customer()).get(0);
    SettingsApiTest.error(
        api.call(
            rep,
            HttpMethod.POST,
            "/api/opportunities/" + s.deal() + "/lose",
            new JsonObject().put("version", deal.getInteger("version")).put("reason", "  ")),
        400,
        "invalid_input");
    SettingsApiTest.error(
        api.call(
            rep,
            HttpMethod.PATCH,
            "/api/opportunities/" + s.deal(),
            new JsonObject().put("version", deal.getInteger("version"))),
        400,
        "invalid_input");
    assertThat(deals(s.customer()).get(0)).isEqualTo(deal);
  }

  @Test
  @DisplayName("a collaborator may edit the customer and add deals but not return it to the 公海")
  void collaboratorCannotRelease() {
    Seeded s = seed(api.org.rep3);
    await(
        new CustomerService(db.pool())
            .addCollaborator(api.org.a(api.org.rep3), s.customer(), api.org.rep1));
    String c = "/api/customers/" + s.customer();
    api.ok(
        rep,
        HttpMethod.POST,
        c + "/opportunities",
        new JsonObject().put("name", "协同商机").put("amount", 1000),
        201);
    SettingsApiTest.error(
        api.call(rep, HttpMethod.POST, c + "/release", new JsonObject()), 403, "forbidden");
    assertThat(customer(s.customer()).getBoolean("inPool")).isFalse();

    // deleted by its owner: the collaborator cannot restore it, so it is as missing to them
    api.ok(api.login("zhaoliu"), HttpMethod.DELETE, c, null, 200);
    sameAsMissing(rep, HttpMethod.GET, "/api/customers/%d", s.customer(), null);
    sameAsMissing(rep, HttpMethod.POST, "/api/customers/%d/restore", s.customer(), null);
  }
}
