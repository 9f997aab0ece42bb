package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.miniapp.PermissionMatrix.Role;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22, second slice: correcting a follow-up from the mini-app. Only its author may, within a
 * day of writing it; a manager or the admin who sees a rep's follow-up is refused with the reason;
 * one the user may not see answers like a missing id. As a rep (李雷), a manager (张经理) and the admin
 * (王总) of {@code OrgFixture}, on their own, a subordinate's and someone else's follow-up.
 */
class FollowUpEditingApiTest {

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

  /** A follow-up written by {@code author} on a new customer of {@code owner}. */
  static long seed(long owner, long author) {
    counter++;
    long customer =
        await(
                new CustomerService(db.pool())
                    .create(api.org.a(owner), NewCustomer.named("跟进测试客户" + counter + "号")))
            .id();
    return await(
            new FollowUpService(db.pool())
                .log(api.org.a(author), NewFollowUp.on(customer, "call", "原来的跟进内容" + counter)))
        .id();
  }

  static JsonObject read(long followUp) {
    return view(admin, followUp);
  }

  /** The follow-up as {@code token}'s timeline shows it. */
  static JsonObject view(String token, long followUp) {
    return api
        .ok(
            token,
            HttpMethod.GET,
            "/api/customers/" + customerOf(followUp) + "/follow-ups",
            null,
            200)
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .filter(f -> f.getLong("id") == followUp)
        .findFirst()
        .orElseThrow();
  }

  static long customerOf(long followUp) {
    return await(
            db.pool()
                .preparedQuery("SELECT customer_id FROM follow_up WHERE id = $1")
                .execute(Tuple.of(followUp)))
        .iterator()
        .next()
        .getLong(0);
  }

  static String path(long followUp) {
    return "/api/follow-ups/" + followUp;
  }

  /** The author corrects it; the timeline offers 编辑 to them only. */
  static void allowed(String token, long owner, long author) {
    long f = seed(owner, author);
    assertThat(view(token, f).getBoolean("canEdit")).isTrue();
    JsonObject edited =
        api.ok(
            token,
            HttpMethod.PATCH,
            path(f),
            new JsonObject().put("content", "改正后的内容").put("method", "visit"),
            200);
    assertThat(edited.getString("content")).isEqualTo("改正后的内容");
    assertThat(edited.getString("methodLabel")).isEqualTo("拜访");
    assertThat(read(f).getString("content")).isEqualTo("改正后的内容");
    assertThat(api.actions("follow_up", f)).containsExactly("create", "update");
  }

  /** Someone who sees it but did not write it: refused with the reason, nothing changes. */
  static void notAuthor(String token, long owner, long author) {
    long f = seed(owner, author);
    JsonObject before = read(f);
    assertThat(view(token, f).getBoolean("canEdit")).isFalse();
    JsonObject refused =
        SettingsApiTest.error(
            api.call(token, HttpMethod.PATCH, path(f), new JsonObject().put("content", "别人改的")),
            403,
            "forbidden");
    assertThat(refused.getString("message")).startsWith("只有记录人").endsWith("可以修改这条跟进记录");
    assertThat(refused.getJsonObject("details").getString("reason")).isEqualTo("not_author");
    assertThat(read(f)).isEqualTo(before);
  }

  static void hidden(String token, long owner) {
    long f = seed(owner, owner);
    JsonObject before = read(f);
    api.sameAsMissing(
        token,
        HttpMethod.PATCH,
        "/api/follow-ups/%d",
        f,
        new JsonObject().put("content", "偷改"),
        "跟进测试客户",
        "原来的跟进内容");
    assertThat(read(f)).isEqualTo(before);
  }

  @Test
  @DisplayName("a rep corrects their own follow-up; a colleague's is as if missing")
  void rep() {
    matrix.walk(Role.REP, FollowUpEditingApiTest::ownWritten, null, FollowUpEditingApiTest::hidden);
  }

  @Test
  @DisplayName(
      "a manager corrects their own follow-ups, not a subordinate's; another team's is missing")
  void manager() {
    // on a subordinate's customer the manager corrects what they wrote, not what the rep wrote
    PermissionMatrix.Check managerWrote = (token, owner) -> allowed(token, owner, api.org.manager1);
    matrix.walk(
        Role.MANAGER,
        FollowUpEditingApiTest::ownWritten,
        managerWrote.then(FollowUpEditingApiTest::ownerWrote),
        FollowUpEditingApiTest::hidden);
  }

  @Test
  @DisplayName("the admin corrects their own follow-ups, not a rep's")
  void admin() {
    matrix.walk(
        Role.ADMIN,
        FollowUpEditingApiTest::ownWritten,
        FollowUpEditingApiTest::ownerWrote,
        FollowUpEditingApiTest::ownerWrote);
  }

  /** The user's own follow-up on their own customer: they may correct it. */
  static void ownWritten(String token, long owner) {
    allowed(token, owner, owner);
  }

  /** A follow-up the customer's owner wrote, seen by someone else: refused with the reason. */
  static void ownerWrote(String token, long owner) {
    notAuthor(token, owner, owner);
  }

  @Test
  @DisplayName("a day after writing it, the author is refused with the reason; bad input is 400")
  void tooLateAndBadInput() {
    long f = seed(api.org.rep1, api.org.rep1);
    SettingsApiTest.error(
        api.call(rep, HttpMethod.PATCH, path(f), new JsonObject().put("content", "  ")),
        400,
        "invalid_input");
    SettingsApiTest.error(
        api.call(rep, HttpMethod.PATCH, path(f), new JsonObject().put("method", "飞鸽传书")),
        400,
        "invalid_input");
    SettingsApiTest.error(
        api.call(rep, HttpMethod.PATCH, path(f), new JsonObject()), 400, "invalid_input");
    await(
        db.pool()
            .preparedQuery(
                "UPDATE follow_up SET created_at = now() - interval '25 hours' WHERE id = $1")
            .execute(Tuple.of(f)));
    JsonObject before = read(f);
    assertThat(view(rep, f).getBoolean("canEdit")).isFalse();
    JsonObject refused =
        SettingsApiTest.error(
            api.call(rep, HttpMethod.PATCH, path(f), new JsonObject().put("content", "迟到的修改")),
            403,
            "forbidden");
    assertThat(refused.getString("message")).isEqualTo("跟进记录只能在写下后一天内修改，这条已经超过了");
    assertThat(refused.getJsonObject("details").getString("reason")).isEqualTo("too_late");
    assertThat(read(f)).isEqualTo(before);
    assertThat(api.actions("follow_up", f)).containsExactly("create");
  }

  @Test
  @DisplayName(
      "拜访签到: the rep checks in with a position, the timeline and the manager's 拜访 list show it with the place;"
          + " bad coordinates are 400 in Chinese, a hidden customer 404, another team sees none")
  void visitCheckIn() {
    long customer =
        await(
                new CustomerService(db.pool())
                    .create(api.org.a(api.org.rep1), NewCustomer.named("签到测试客户")))
            .id();
    String path = "/api/customers/" + customer + "/visits";
    JsonObject here =
        new JsonObject()
            .put("latitude", 31.2304)
            .put("longitude", 121.4737)
            .put("accuracy", 30)
            .put("place", "星河大厦");
    JsonObject visit = api.ok(rep, HttpMethod.POST, path, here, 201);
    assertThat(visit.getString("methodLabel")).isEqualTo("拜访");
    assertThat(visit.getString("content")).isEqualTo("拜访签到：星河大厦");
    assertThat(visit.getJsonObject("checkIn").getString("place")).isEqualTo("星河大厦");
    assertThat(visit.getJsonObject("checkIn").getDouble("accuracyM")).isEqualTo(30.0);
    assertThat(api.actions("follow_up", visit.getLong("id"))).containsExactly("create");
    assertThat(view(manager, visit.getLong("id")).getJsonObject("checkIn").getDouble("latitude"))
        .isEqualTo(31.2304);

    JsonObject noLatitude =
        SettingsApiTest.error(
            api.call(rep, HttpMethod.POST, path, here.copy().putNull("latitude")),
            400,
            "invalid_input");
    assertThat(noLatitude.getString("message")).contains("缺少定位");
    assertThat(noLatitude.getJsonObject("details").getString("field")).isEqualTo("latitude");
    JsonObject north =
        SettingsApiTest.error(
            api.call(rep, HttpMethod.POST, path, here.copy().put("latitude", 91)),
            400,
            "invalid_input");
    assertThat(north.getString("message")).isEqualTo("纬度必须在 -90 到 90 之间");
    SettingsApiTest.error(
        api.call(rep, HttpMethod.POST, path, here.copy().put("longitude", "东经")),
        400,
        "invalid_input");
    String otherManager = api.login("chen");
    api.sameAsMissing(
        otherManager, HttpMethod.POST, "/api/customers/%d/visits", customer, here, "签到测试客户");

    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    String days = "/api/visits?from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    JsonObject team = api.ok(manager, HttpMethod.GET, days, null, 200);
    assertThat(team.getString("timeZone")).isEqualTo("Asia/Shanghai");
    // no tile source configured: the page draws no map
    assertThat(team.containsKey("mapTileUrl")).isTrue();
    assertThat(team.getValue("mapTileUrl")).isNull();
    assertThat(team.getJsonArray("items").stream().map(JsonObject.class::cast))
        .anySatisfy(
            v -> {
              assertThat(v.getString("customerName")).isEqualTo("签到测试客户");
              assertThat(v.getString("authorName")).isEqualTo("李雷");
              assertThat(v.getJsonObject("checkIn").getString("place")).isEqualTo("星河大厦");
            });
    assertThat(
            api.ok(manager, HttpMethod.GET, days + "&userId=" + api.org.rep1, null, 200)
                .getJsonArray("items"))
        .isNotEmpty();
    assertThat(
            api.ok(otherManager, HttpMethod.GET, days, null, 200).getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .map(v -> v.getString("customerName")))
        .doesNotContain("签到测试客户");
    SettingsApiTest.error(
        api.call(manager, HttpMethod.GET, "/api/visits?from=2026-13-01", null),
        400,
        "invalid_input");
  }
}
