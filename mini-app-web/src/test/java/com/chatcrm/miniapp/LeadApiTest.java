package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.NewLead;
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
 * 线索 through the mini-app API (issue #20) as a rep (李雷), a manager (张经理) and the admin (王总):
 * capture with 查重 and 仍然添加, the lists, 已联系 / 无效 / 恢复 / 转客户 / 退回 / 领取, and the 分配规则 — and on a
 * colleague's lead the user may not see, every route answers exactly as for a missing one.
 */
class LeadApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static PermissionMatrix matrix;
  static LeadService leads;
  static int counter;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    matrix = new PermissionMatrix(api);
    leads = new LeadService(db.pool());
  }

  static NewLead newLead(String company, String phone) {
    return new NewLead(
        company, "联系人" + counter, List.of(phone), LeadSource.CHAT, "浙江", "制造业", "备注", null);
  }

  /** A new lead of {@code owner}, captured by them in chat; answers its id. */
  static long own(long owner) {
    counter++;
    return await(
            leads.capture(
                api.org.a(owner),
                newLead("线索测试公司" + counter + "号", "137" + String.format("%08d", counter)),
                true))
        .lead()
        .id();
  }

  static List<Long> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  /** What an allowed user can do with a live lead of {@code owner}, all the way to 转客户. */
  static void allowed(String token, long owner) {
    long id = own(owner);
    String base = "/api/leads/" + id;
    JsonObject got = api.ok(token, HttpMethod.GET, base, null, 200);
    assertThat(got.getString("statusLabel")).isEqualTo("未处理");
    assertThat(got.getLong("ownerId")).isEqualTo(owner);
    assertThat(
            api.ok(token, HttpMethod.POST, base + "/contacted", null, 200).getString("statusLabel"))
        .isEqualTo("已联系");
    JsonObject invalid =
        api.ok(
            token, HttpMethod.POST, base + "/invalid", new JsonObject().put("reason", "空号"), 200);
    assertThat(invalid.getString("status")).isEqualTo("invalid");
    assertThat(invalid.getString("invalidReason")).isEqualTo("空号");
    assertThat(api.ok(token, HttpMethod.POST, base + "/reopen", null, 200).getString("status"))
        .isEqualTo("contacted");
    JsonObject converted =
        api.ok(
            token,
            HttpMethod.POST,
            base + "/convert",
            new JsonObject().put("withOpportunity", true).put("amount", 50000),
            200);
    assertThat(converted.getJsonObject("lead").getString("statusLabel")).isEqualTo("已转化");
    assertThat(converted.getLong("opportunityId")).isNotNull();
    long customer = converted.getLong("customerId");
    JsonObject c = api.ok(token, HttpMethod.GET, "/api/customers/" + customer, null, 200);
    assertThat(c.getString("name")).isEqualTo(got.getString("company"));

    long other = own(owner);
    JsonObject released =
        api.ok(token, HttpMethod.POST, "/api/leads/" + other + "/release", null, 200);
    assertThat(released.getBoolean("inPool")).isTrue();
  }

  /** On a colleague's lead the user may not see, every route is a 404 like a missing lead's. */
  static void hidden(String token, long owner) {
    long id = own(owner);
    String company = await(leads.get(api.org.a(owner), id)).company();
    JsonObject none = new JsonObject();
    api.sameAsMissing(token, HttpMethod.GET, "/api/leads/%d", id, null, company);
    for (String action : List.of("contacted", "reopen", "release", "convert")) {
      api.sameAsMissing(token, HttpMethod.POST, "/api/leads/%d/" + action, id, none, company);
    }
    api.sameAsMissing(
        token,
        HttpMethod.POST,
        "/api/leads/%d/invalid",
        id,
        new JsonObject().put("reason", "x"),
        company);
    assertThat(ids(api.ok(token, HttpMethod.GET, "/api/leads?scope=team", null, 200)))
        .doesNotContain(id);
    assertThat(await(leads.get(api.org.a(owner), id)).status().code()).isEqualTo("new");
  }

  @Test
  @DisplayName("a rep works their own leads to 转客户; a colleague's are as if missing")
  void rep() {
    matrix.walk(Role.REP, LeadApiTest::allowed, null, LeadApiTest::hidden);
  }

  @Test
  @DisplayName("a manager works their own and their team's leads; another team's are as if missing")
  void manager() {
    matrix.walk(Role.MANAGER, LeadApiTest::allowed, LeadApiTest::allowed, LeadApiTest::hidden);
  }

  @Test
  @DisplayName("the admin works anyone's leads")
  void admin() {
    matrix.walk(Role.ADMIN, LeadApiTest::allowed, LeadApiTest::allowed, LeadApiTest::allowed);
  }

  @Test
  @DisplayName(
      "新建线索: the same company again is a 409 naming it, 仍然添加 adds it; a match the user may not see is only said to exist")
  void captureWithDuplicates() {
    String rep = matrix.token(Role.REP);
    JsonObject body =
        new JsonObject()
            .put("company", "宁波海曙精密机械有限公司")
            .put("contactName", "陈先生")
            .put("phones", new JsonArray().add("13911112222"));
    JsonObject created = api.ok(rep, HttpMethod.POST, "/api/leads", body, 201);
    assertThat(created.getString("sourceLabel")).isEqualTo("微应用");
    assertThat(created.getLong("ownerId")).isEqualTo(api.org.rep1);
    assertThat(ids(api.ok(rep, HttpMethod.GET, "/api/leads", null, 200)))
        .contains(created.getLong("id"));

    var again = api.call(rep, HttpMethod.POST, "/api/leads", body);
    assertThat(again.statusCode()).isEqualTo(409);
    JsonObject refusal = again.bodyAsJsonObject();
    assertThat(refusal.getString("code")).isEqualTo("duplicate");
    assertThat(refusal.getString("message")).contains("宁波海曙精密机械有限公司").contains("仍然添加");
    JsonObject dupe = refusal.getJsonObject("details").getJsonArray("duplicates").getJsonObject(0);
    assertThat(dupe.getString("kind")).isEqualTo("lead");
    assertThat(dupe.getLong("id")).isEqualTo(created.getLong("id"));

    JsonObject forced =
        api.ok(rep, HttpMethod.POST, "/api/leads", body.copy().put("force", true), 201);
    assertThat(forced.getLong("id")).isNotEqualTo(created.getLong("id"));

    // 赵六's lead, whose phone 李雷 happens to type: said to exist, never named
    await(leads.capture(api.org.a(api.org.rep3), newLead("温州瓯江阀门厂", "13833334444"), true));
    var hiddenMatch =
        api.call(
            rep,
            HttpMethod.POST,
            "/api/leads",
            new JsonObject()
                .put("company", "另一家公司")
                .put("phones", new JsonArray().add("13833334444")));
    assertThat(hiddenMatch.statusCode()).isEqualTo(409);
    assertThat(hiddenMatch.bodyAsString()).doesNotContain("温州瓯江阀门厂").doesNotContain("赵六");
    assertThat(
            hiddenMatch
                .bodyAsJsonObject()
                .getJsonObject("details")
                .getJsonArray("duplicates")
                .getJsonObject(0)
                .getBoolean("visible"))
        .isFalse();

    var bad = api.call(rep, HttpMethod.POST, "/api/leads", new JsonObject().put("company", ""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("message")).contains("company");
  }

  @Test
  @DisplayName(
      "线索池: a lead from a web form without rules sits in the pool for everyone; 领取 makes it the rep's, a second 领取 is refused")
  void pool() {
    long id =
        await(
                leads.captureUnattended(
                    api.org.tenantA.id(),
                    new NewLead(
                        "绍兴柯桥纺织有限公司",
                        null,
                        List.of("13755556666"),
                        LeadSource.WEBFORM,
                        null,
                        null,
                        null,
                        "form-pool-1")))
            .lead()
            .id();
    String rep = matrix.token(Role.REP);
    String other = api.login("zhaoliu");
    assertThat(ids(api.ok(rep, HttpMethod.GET, "/api/leads?scope=pool", null, 200))).contains(id);
    assertThat(ids(api.ok(other, HttpMethod.GET, "/api/leads?scope=pool", null, 200))).contains(id);
    JsonObject claimed = api.ok(rep, HttpMethod.POST, "/api/leads/" + id + "/claim", null, 200);
    assertThat(claimed.getString("ownerName")).isEqualTo("李雷");
    assertThat(claimed.getBoolean("inPool")).isFalse();
    var late = api.call(other, HttpMethod.POST, "/api/leads/" + id + "/claim", null);
    assertThat(late.statusCode()).isIn(404, 409);
    assertThat(late.bodyAsJsonObject().getString("message")).matches(".*\\p{IsHan}.*");
    assertThat(ids(api.ok(rep, HttpMethod.GET, "/api/leads?scope=pool", null, 200)))
        .doesNotContain(id);
    assertThat(ids(api.ok(rep, HttpMethod.GET, "/api/leads?scope=mine", null, 200))).contains(id);
  }

  @Test
  @DisplayName(
      "分配: a manager assigns a team lead to 韩梅梅; a rep may not assign (403); the list filters by status and text")
  void assignAndFilter() {
    long id = own(api.org.rep1);
    String rep = matrix.token(Role.REP);
    String manager = matrix.token(Role.MANAGER);
    var refused =
        api.call(
            rep,
            HttpMethod.POST,
            "/api/leads/" + id + "/assign",
            new JsonObject().put("userId", api.org.rep2));
    assertThat(refused.statusCode()).isEqualTo(403);
    JsonObject assigned =
        api.ok(
            manager,
            HttpMethod.POST,
            "/api/leads/" + id + "/assign",
            new JsonObject().put("userId", api.org.rep2),
            200);
    assertThat(assigned.getString("ownerName")).isEqualTo("韩梅梅");
    String company = assigned.getString("company");
    String q = java.net.URLEncoder.encode(company, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(ids(api.ok(manager, HttpMethod.GET, "/api/leads?scope=team&q=" + q, null, 200)))
        .containsExactly(id);
    assertThat(
            ids(
                api.ok(
                    manager,
                    HttpMethod.GET,
                    "/api/leads?scope=team&status=converted&q=" + q,
                    null,
                    200)))
        .isEmpty();
    assertThat(api.call(rep, HttpMethod.GET, "/api/leads?scope=everyone", null).statusCode())
        .isEqualTo(400);
    assertThat(api.call(rep, HttpMethod.GET, "/api/leads/1e3", null).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("分配规则 are the admin's: a rep or manager gets a Chinese 403; the admin saves a rule")
  void rules() {
    for (Role role : List.of(Role.REP, Role.MANAGER)) {
      var r = api.call(matrix.token(role), HttpMethod.GET, "/api/lead-assignment-rules", null);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("管理员");
    }
    String admin = matrix.token(Role.ADMIN);
    JsonObject before = api.ok(admin, HttpMethod.GET, "/api/lead-assignment-rules", null, 200);
    long east =
        before.getJsonArray("departments").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("name").equals("华东组"))
            .findFirst()
            .orElseThrow()
            .getLong("id");
    JsonObject rule =
        new JsonObject().put("kind", "region").put("match", "浙江").put("departmentId", east);
    JsonObject saved =
        api.ok(
            admin,
            HttpMethod.PUT,
            "/api/lead-assignment-rules",
            new JsonObject().put("rules", new JsonArray().add(rule)),
            200);
    JsonObject item = saved.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("kindLabel")).isEqualTo("按地区");
    assertThat(item.getString("departmentName")).isEqualTo("华东组");
    var noMatch =
        api.call(
            admin,
            HttpMethod.PUT,
            "/api/lead-assignment-rules",
            new JsonObject()
                .put(
                    "rules",
                    new JsonArray()
                        .add(new JsonObject().put("kind", "industry").put("departmentId", east))));
    assertThat(noMatch.statusCode()).isEqualTo(400);
    assertThat(noMatch.bodyAsJsonObject().getString("message")).contains("行业");
  }
}
