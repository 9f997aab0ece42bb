package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 设置 API (issue #19) over real HTTP on a real database, as a rep (李雷), a manager (张经理) and the
 * admin (王总) of {@code OrgFixture}: every operation refuses the first two with 403 {@code
 * forbidden}; the admin's changes are validated (400 naming the field, Chinese), refused where they
 * would break the company (409), stored and audited.
 */
class SettingsApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static String rep;
  static String manager;
  static String admin;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    rep = api.login("lilei");
    manager = api.login("zhang");
    admin = api.login("wang");
  }

  static JsonObject error(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getString("message"))
        .as("a message for the user, in Chinese")
        .containsPattern("\\p{IsHan}")
        .doesNotContain("Exception");
    return body;
  }

  static JsonArray stages() {
    return api.ok(admin, HttpMethod.GET, "/api/settings/stages", null, 200).getJsonArray("items");
  }

  static JsonObject stageNamed(String name) {
    return stages().stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  static List<AuditEntry> audit(String entity, long id) {
    return await(AuditQueries.history(db.pool(), api.org.tenantA.id(), entity, id));
  }

  @Test
  @DisplayName(
      "every settings operation answers a rep and a manager 403 forbidden and changes nothing")
  void repsAndManagersAreRefused() {
    long stage = stages().getJsonObject(0).getLong("id");
    JsonObject ruleBefore = api.ok(admin, HttpMethod.GET, "/api/settings/pool-rule", null, 200);
    JsonArray stagesBefore = stages();
    record Op(HttpMethod method, String path, JsonObject body) {}
    List<Op> ops =
        List.of(
            new Op(HttpMethod.GET, "/api/settings/pool-rule", null),
            new Op(
                HttpMethod.PATCH,
                "/api/settings/pool-rule",
                new JsonObject().put("reclaimDaysPotential", 7)),
            new Op(HttpMethod.GET, "/api/settings/stages", null),
            new Op(
                HttpMethod.POST,
                "/api/settings/stages",
                new JsonObject().put("name", "偷加的阶段").put("probability", 5)),
            new Op(
                HttpMethod.PATCH,
                "/api/settings/stages/" + stage,
                new JsonObject().put("probability", 99)),
            new Op(HttpMethod.DELETE, "/api/settings/stages/" + stage, null),
            new Op(HttpMethod.POST, "/api/settings/stages/" + stage + "/activate", null),
            new Op(
                HttpMethod.PUT,
                "/api/settings/stage-order",
                new JsonObject().put("stageIds", new JsonArray().add(stage))),
            new Op(HttpMethod.GET, "/api/settings/report-times", null),
            new Op(
                HttpMethod.PATCH,
                "/api/settings/report-times",
                new JsonObject().put("dailyReportAt", "06:00")),
            new Op(HttpMethod.GET, "/api/settings/admins", null),
            new Op(HttpMethod.PUT, "/api/settings/admins/" + api.org.rep1, null),
            new Op(HttpMethod.DELETE, "/api/settings/admins/" + api.org.admin, null));
    for (String token : List.of(rep, manager)) {
      for (Op op : ops) {
        HttpResponse<Buffer> r = api.call(token, op.method(), op.path(), op.body());
        assertThat(r.statusCode()).as(op.method() + " " + op.path()).isEqualTo(403);
        error(r, 403, "forbidden");
      }
    }
    assertThat(api.ok(admin, HttpMethod.GET, "/api/settings/pool-rule", null, 200))
        .isEqualTo(ruleBefore);
    assertThat(stages()).isEqualTo(stagesBefore);
    assertThat(
            api.ok(admin, HttpMethod.GET, "/api/settings/admins", null, 200).getJsonArray("items"))
        .filteredOn(m -> ((JsonObject) m).getBoolean("admin"))
        .hasSize(1);
  }

  @Test
  @DisplayName(
      "the admin changes the 公海 days and a cap: only the fields sent change, the change is audited")
  void adminChangesPoolRule() {
    JsonObject before = api.ok(admin, HttpMethod.GET, "/api/settings/pool-rule", null, 200);
    assertThat(before.getInteger("reclaimDaysIntent")).isEqualTo(60);
    JsonObject after =
        api.ok(
            admin,
            HttpMethod.PATCH,
            "/api/settings/pool-rule",
            new JsonObject().put("reclaimDaysPotential", 45).putNull("maxClaimsPerDay"),
            200);
    assertThat(after.getInteger("reclaimDaysPotential")).isEqualTo(45);
    assertThat(after.getValue("maxClaimsPerDay")).isNull();
    assertThat(after.getInteger("reclaimDaysIntent")).isEqualTo(60);
    assertThat(api.ok(admin, HttpMethod.GET, "/api/settings/pool-rule", null, 200))
        .isEqualTo(after);
    assertThat(audit("pool_rule", api.org.tenantA.id()))
        .anySatisfy(
            e -> {
              assertThat(e.actorId()).isEqualTo(api.org.admin);
              assertThat(e.source()).isEqualTo("mini_app");
              assertThat(e.changes().getJsonObject("reclaimDaysPotential").getInteger("to"))
                  .isEqualTo(45);
            });
  }

  @Test
  @DisplayName("a 公海 rule that makes no sense is refused with the field and a Chinese message")
  void poolRuleValidation() {
    JsonObject before = api.ok(admin, HttpMethod.GET, "/api/settings/pool-rule", null, 200);
    JsonObject body =
        error(
            api.call(
                admin,
                HttpMethod.PATCH,
                "/api/settings/pool-rule",
                new JsonObject().put("warnDaysBefore", 400)),
            400,
            "invalid_input");
    assertThat(body.getJsonObject("details").getString("field")).isEqualTo("warnDaysBefore");
    assertThat(body.getString("message")).contains("提前提醒天数");
    body =
        error(
            api.call(
                admin,
                HttpMethod.PATCH,
                "/api/settings/pool-rule",
                new JsonObject().put("reclaimDaysIntent", 0)),
            400,
            "invalid_input");
    assertThat(body.getJsonObject("details").getString("field")).isEqualTo("reclaimDaysIntent");
    assertThat(body.getString("message")).contains("意向客户的回收天数");
    for (JsonObject bad :
        List.of(
            new JsonObject(),
            new JsonObject().put("maxPrivate", "5"),
            new JsonObject().put("maxPrivate", 1.5),
            new JsonObject().put("unknown", 1),
            new JsonObject().putNull("warnDaysBefore"))) {
      error(
          api.call(admin, HttpMethod.PATCH, "/api/settings/pool-rule", bad), 400, "invalid_input");
    }
    assertThat(api.ok(admin, HttpMethod.GET, "/api/settings/pool-rule", null, 200))
        .isEqualTo(before);
  }

  @Test
  @DisplayName(
      "the admin adds, renames, re-weights, reorders and removes stages; the cached funnel follows at once")
  void adminEditsStages() {
    // the funnel is computed and cached before the change
    JsonObject funnel = api.ok(admin, HttpMethod.GET, "/api/pipeline?scope=tenant", null, 200);
    assertThat(funnel.encode()).contains("需求确认");

    JsonObject added =
        api.ok(
            admin,
            HttpMethod.POST,
            "/api/settings/stages",
            new JsonObject().put("name", "样品试用").put("probability", 50),
            201);
    assertThat(added.getString("kind")).isEqualTo("open");
    assertThat(added.getBoolean("active")).isTrue();
    error(
        api.call(
            admin,
            HttpMethod.POST,
            "/api/settings/stages",
            new JsonObject().put("name", "样品试用").put("probability", 50)),
        409,
        "duplicate");
    JsonObject bad =
        error(
            api.call(
                admin,
                HttpMethod.POST,
                "/api/settings/stages",
                new JsonObject().put("name", "超过一百").put("probability", 101)),
            400,
            "invalid_input");
    assertThat(bad.getJsonObject("details").getString("field")).isEqualTo("probability");

    long needs = stageNamed("需求确认").getLong("id");
    JsonObject renamed =
        api.ok(
            admin,
            HttpMethod.PATCH,
            "/api/settings/stages/" + needs,
            new JsonObject().put("name", "需求调研").put("probability", 35),
            200);
    assertThat(renamed.getInteger("probability")).isEqualTo(35);
    String after = api.ok(admin, HttpMethod.GET, "/api/pipeline?scope=tenant", null, 200).encode();
    assertThat(after).contains("需求调研").doesNotContain("需求确认");
    assertThat(audit("opportunity_stage", needs))
        .singleElement()
        .satisfies(e -> assertThat(e.changes().fieldNames()).contains("name", "probability"));

    // reorder: the new stage first
    List<Long> open = new ArrayList<>();
    stages().stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getBoolean("active") && s.getString("kind").equals("open"))
        .forEach(s -> open.add(s.getLong("id")));
    open.remove(added.getLong("id"));
    open.add(0, added.getLong("id"));
    JsonArray ordered =
        api.ok(
                admin,
                HttpMethod.PUT,
                "/api/settings/stage-order",
                new JsonObject().put("stageIds", new JsonArray(open)),
                200)
            .getJsonArray("items");
    assertThat(ordered.getJsonObject(0).getString("name")).isEqualTo("样品试用");
    assertThat(ordered.getJsonObject(ordered.size() - 1).getString("kind")).isEqualTo("lost");
    error(
        api.call(
            admin,
            HttpMethod.PUT,
            "/api/settings/stage-order",
            new JsonObject().put("stageIds", new JsonArray().add(added.getLong("id")))),
        400,
        "invalid_input");

    // a stage holding a deal is not removed, and the answer says how many
    var customer =
        await(
            new CustomerService(db.pool())
                .create(api.org.a(api.org.rep1), NewCustomer.named("阶段删除客户")));
    await(
        new OpportunityService(db.pool())
            .create(
                api.org.a(api.org.rep1),
                NewOpportunity.of(customer.id(), "试用单", null).withStage(added.getLong("id"))));
    JsonObject held =
        error(
            api.call(admin, HttpMethod.DELETE, "/api/settings/stages/" + added.getLong("id"), null),
            409,
            "conflict");
    assertThat(held.getString("message")).contains("还有 1 个商机");
    assertThat(held.getJsonObject("details").getInteger("opportunities")).isEqualTo(1);

    // an unused one is deleted
    JsonObject spare =
        api.ok(
            admin,
            HttpMethod.POST,
            "/api/settings/stages",
            new JsonObject().put("name", "临时阶段").put("probability", 20),
            201);
    assertThat(
            api.ok(
                    admin,
                    HttpMethod.DELETE,
                    "/api/settings/stages/" + spare.getLong("id"),
                    null,
                    200)
                .getString("result"))
        .isEqualTo("deleted");
    error(
        api.call(admin, HttpMethod.DELETE, "/api/settings/stages/" + spare.getLong("id"), null),
        404,
        "not_found");
  }

  @Test
  @DisplayName("赢单 and 输单 are renamed but neither removed nor re-weighted")
  void closingStages() {
    long won =
        stages().stream()
            .map(JsonObject.class::cast)
            .filter(s -> s.getString("kind").equals("won"))
            .findFirst()
            .orElseThrow()
            .getLong("id");
    error(api.call(admin, HttpMethod.DELETE, "/api/settings/stages/" + won, null), 409, "conflict");
    JsonObject fixed =
        error(
            api.call(
                admin,
                HttpMethod.PATCH,
                "/api/settings/stages/" + won,
                new JsonObject().put("probability", 90)),
            400,
            "invalid_input");
    assertThat(fixed.getString("message")).contains("赢率固定为 100%");
    JsonObject renamed =
        api.ok(
            admin,
            HttpMethod.PATCH,
            "/api/settings/stages/" + won,
            new JsonObject().put("name", "已签约"),
            200);
    assertThat(renamed.getString("kind")).isEqualTo("won");
    api.ok(
        admin,
        HttpMethod.PATCH,
        "/api/settings/stages/" + won,
        new JsonObject().put("name", "赢单"),
        200);
  }

  @Test
  @DisplayName("the admin sets the 日报 and 周报 times (HH:mm); a wrong time is refused naming it")
  void reportTimes() {
    JsonObject none = api.ok(admin, HttpMethod.GET, "/api/settings/report-times", null, 200);
    assertThat(none.getValue("dailyReportAt")).isNull();
    assertThat(none.getString("timeZone")).isEqualTo("Asia/Shanghai");
    api.ok(
        admin,
        HttpMethod.PATCH,
        "/api/settings/report-times",
        new JsonObject().put("dailyReportAt", "17:30"),
        200);
    JsonObject both =
        api.ok(
            admin,
            HttpMethod.PATCH,
            "/api/settings/report-times",
            new JsonObject().put("weeklyReportAt", "08:00"),
            200);
    assertThat(both.getString("dailyReportAt")).isEqualTo("17:30");
    assertThat(both.getString("weeklyReportAt")).isEqualTo("08:00");
    JsonObject bad =
        error(
            api.call(
                admin,
                HttpMethod.PATCH,
                "/api/settings/report-times",
                new JsonObject().put("dailyReportAt", "25:00")),
            400,
            "invalid_input");
    assertThat(bad.getJsonObject("details").getString("field")).isEqualTo("dailyReportAt");
    assertThat(bad.getString("message")).contains("HH:mm");
    error(
        api.call(
            admin,
            HttpMethod.PATCH,
            "/api/settings/report-times",
            new JsonObject().put("dailyReportAt", 1730)),
        400,
        "invalid_input");
    JsonObject cleared =
        api.ok(
            admin,
            HttpMethod.PATCH,
            "/api/settings/report-times",
            new JsonObject().putNull("dailyReportAt"),
            200);
    assertThat(cleared.getValue("dailyReportAt")).isNull();
    assertThat(cleared.getString("weeklyReportAt")).isEqualTo("08:00");
    assertThat(audit("report_schedule", api.org.tenantA.id())).hasSize(3);
  }

  @Test
  @DisplayName(
      "the admin grants and revokes admin; the new admin may open the settings; the last admin stays")
  void admins() {
    JsonArray members =
        api.ok(admin, HttpMethod.GET, "/api/settings/admins", null, 200).getJsonArray("items");
    JsonObject me = members.getJsonObject(0);
    assertThat(me.getString("name")).isEqualTo("王总");
    assertThat(me.getBoolean("admin")).isTrue();
    assertThat(me.getBoolean("self")).isTrue();

    long zhaoliu = api.org.rep3;
    JsonObject granted =
        api.ok(admin, HttpMethod.PUT, "/api/settings/admins/" + zhaoliu, null, 200);
    assertThat(granted.getBoolean("admin")).isTrue();
    assertThat(granted.getBoolean("setInApp")).isTrue();
    String newAdmin = api.login("zhaoliu");
    api.ok(newAdmin, HttpMethod.GET, "/api/settings/pool-rule", null, 200);
    assertThat(api.ok(newAdmin, HttpMethod.GET, "/api/me", null, 200).getBoolean("admin")).isTrue();

    JsonObject revoked =
        api.ok(admin, HttpMethod.DELETE, "/api/settings/admins/" + zhaoliu, null, 200);
    assertThat(revoked.getBoolean("admin")).isFalse();
    error(api.call(newAdmin, HttpMethod.GET, "/api/settings/pool-rule", null), 403, "forbidden");
    assertThat(audit("user", zhaoliu))
        .extracting(AuditEntry::action)
        .containsSubsequence("grant_admin", "revoke_admin");

    JsonObject last =
        error(
            api.call(admin, HttpMethod.DELETE, "/api/settings/admins/" + api.org.admin, null),
            409,
            "conflict");
    assertThat(last.getString("message")).contains("唯一的管理员");
    error(
        api.call(admin, HttpMethod.PUT, "/api/settings/admins/" + api.org.outsider, null),
        404,
        "not_found");
  }
}
