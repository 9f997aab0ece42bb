package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint of the mini-app API over real HTTP on a real database, as the users of {@link
 * OrgFixture}: sessions, permissions (a rep of another department is refused), validation (400 with
 * the field), optimistic locking (409 stale_version), and the error shape.
 */
class MiniAppApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final String KEY = "test-session-key-0123456789abcdef-0123456789";

  static Vertx vertx;
  static Pool pool;
  static OrgFixture org;
  static WebClient client;
  static int port;
  static String lilei;
  static String hanmeimei;
  static String zhaoliu;
  static String zhang;
  static String wang;
  static final RecordingNotifier notified = new RecordingNotifier();

  /** WeCom's code exchange and ticket, as the gateway would give them. */
  static final PlatformLogin FAKE_WECOM =
      new PlatformLogin() {
        @Override
        public Future<String> platformUserId(Tenant tenant, String code) {
          return code.startsWith("code-for-")
              ? Future.succeededFuture(code.substring("code-for-".length()))
              : Future.failedFuture(InvalidInput.field("code", "登录码无效或已使用"));
        }

        @Override
        public Future<String> jsapiTicket(Tenant tenant) {
          return Future.succeededFuture("ticket-" + tenant.corpId());
        }
      };

  @BeforeAll
  static void start() {
    vertx = db.vertx();
    pool = db.pool();
    org = OrgFixture.create(pool);
    client = WebClient.create(vertx);
    Router root = Router.router(vertx);
    await(
            MiniAppApi.create(
                vertx,
                Engine.on(pool, Clock.systemUTC(), Engine.Caches.create(), (t, r, o) -> notified),
                new MiniAppConfig(KEY, Duration.ofMinutes(30), true),
                Map.of("wecom", FAKE_WECOM, "dingtalk", FAKE_WECOM),
                null))
        .mount(root);
    // the same API outside sandbox mode, to show dev-login is absent there
    Router prod =
        await(
                MiniAppApi.create(
                    vertx,
                    Engine.on(pool, Clock.systemUTC()),
                    new MiniAppConfig(KEY, Duration.ofMinutes(30), false),
                    Map.of(),
                    null))
            .router();
    root.route("/prod/*").subRouter(prod);
    port = await(vertx.createHttpServer().requestHandler(root).listen(0)).actualPort();
    lilei = login("lilei");
    hanmeimei = login("hanmeimei");
    zhaoliu = login("zhaoliu");
    zhang = login("zhang");
    wang = login("wang");
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  // --- helpers ---------------------------------------------------------------------------------

  static String login(String platformUserId) {
    HttpResponse<Buffer> r =
        await(
            client
                .post(port, "127.0.0.1", "/api/dev-login")
                .sendJsonObject(
                    new JsonObject()
                        .put("corpId", org.tenantA.corpId())
                        .put("userId", platformUserId)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("token");
  }

  static HttpResponse<Buffer> call(String token, HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> req = client.request(method, port, "127.0.0.1", path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  static JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    return r.bodyAsJsonObject();
  }

  static JsonObject get(String token, String path) {
    return ok(call(token, HttpMethod.GET, path, null), 200);
  }

  /** Asserts the error shape and returns its body. */
  static JsonObject error(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.getString("message"))
        .as("a message for the user, in Chinese")
        .containsPattern("\\p{IsHan}")
        .doesNotContainPattern("[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}");
    assertThat(body.getJsonObject("details")).isNotNull();
    assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("at com.");
    return body;
  }

  static JsonObject createCustomer(String token, String name) {
    return ok(
        call(token, HttpMethod.POST, "/api/customers", new JsonObject().put("name", name)), 201);
  }

  static long unique() {
    return System.nanoTime() % 1_000_000;
  }

  // --- sessions --------------------------------------------------------------------------------

  @Test
  @DisplayName("dev-login issues a session for the picked user; /me says who and where")
  void devLoginAndMe() {
    JsonObject me = get(zhang, "/api/me");
    assertThat(me.getJsonObject("user").getString("name")).isEqualTo("张经理");
    assertThat(me.getJsonObject("tenant").getString("name")).isEqualTo("华信科技");
    assertThat(me.getBoolean("manager")).isTrue();
    assertThat(get(lilei, "/api/me").getBoolean("manager")).isFalse();
    assertThat(get(wang, "/api/me").getBoolean("admin")).isTrue();
  }

  @Test
  @DisplayName("no session, a forged one or an unknown user: 401/404 in the error shape")
  void sessionsAreRequired() {
    error(call(null, HttpMethod.GET, "/api/customers", null), 401, "unauthorized");
    error(call("not-a-token", HttpMethod.GET, "/api/customers", null), 401, "unauthorized");
    String forged =
        new Sessions(
                vertx,
                new MiniAppConfig(
                    "another-key-another-key-another-key!", Duration.ofMinutes(5), true),
                Clock.systemUTC())
            .issue(org.tenantA, org.admin, "wang", "王总")
            .getString("token");
    error(call(forged, HttpMethod.GET, "/api/me", null), 401, "unauthorized");
    error(
        await(
            client
                .post(port, "127.0.0.1", "/api/dev-login")
                .sendJsonObject(
                    new JsonObject().put("corpId", org.tenantA.corpId()).put("userId", "nobody"))),
        404,
        "not_found");
    error(
        await(
            client
                .post(port, "127.0.0.1", "/api/dev-login")
                .sendJsonObject(new JsonObject().put("corpId", org.tenantA.corpId()))),
        400,
        "invalid_input");
  }

  @Test
  @DisplayName("outside sandbox mode dev-login does not exist")
  void devLoginOnlyInSandbox() {
    error(
        await(
            client
                .post(port, "127.0.0.1", "/prod/dev-login")
                .sendJsonObject(
                    new JsonObject().put("corpId", org.tenantA.corpId()).put("userId", "lilei"))),
        404,
        "not_found");
  }

  @Test
  @DisplayName("免登: a good code gives a session of that company, a bad one a 400 naming the code")
  void wecomLogin() {
    JsonObject session =
        ok(
            await(
                client
                    .post(port, "127.0.0.1", "/api/login/wecom")
                    .sendJsonObject(
                        new JsonObject()
                            .put("corpId", org.tenantA.corpId())
                            .put("code", "code-for-lilei"))),
            200);
    assertThat(session.getJsonObject("user").getString("name")).isEqualTo("李雷");
    assertThat(get(session.getString("token"), "/api/me").getJsonObject("user").getLong("id"))
        .isEqualTo(org.rep1);
    JsonObject bad =
        error(
            await(
                client
                    .post(port, "127.0.0.1", "/api/login/wecom")
                    .sendJsonObject(
                        new JsonObject()
                            .put("corpId", org.tenantA.corpId())
                            .put("code", "stolen"))),
            400,
            "invalid_input");
    assertThat(bad.getJsonObject("details").getString("field")).isEqualTo("code");
    // 远山贸易 is a DingTalk company: its session is bound to it, and it sees nothing of 华信科技
    JsonObject ding =
        ok(
            await(
                client
                    .post(port, "127.0.0.1", "/api/login/dingtalk")
                    .sendJsonObject(
                        new JsonObject()
                            .put("corpId", org.tenantB.corpId())
                            .put("code", "code-for-waiRen"))),
            200);
    assertThat(ding.getJsonObject("tenant").getString("name")).isEqualTo("远山贸易");
    long huaxinCustomer = createCustomer(wang, "华信的客户" + unique()).getLong("id");
    error(
        call(ding.getString("token"), HttpMethod.GET, "/api/customers/" + huaxinCustomer, null),
        404,
        "not_found");
    error(
        await(
            client
                .post(port, "127.0.0.1", "/api/login/dingtalk")
                .sendJsonObject(
                    new JsonObject()
                        .put("corpId", org.tenantA.corpId())
                        .put("code", "code-for-lilei"))),
        404,
        "not_found");
    error(
        await(
            client
                .post(port, "127.0.0.1", "/prod/login/dingtalk")
                .sendJsonObject(
                    new JsonObject()
                        .put("corpId", org.tenantB.corpId())
                        .put("code", "code-for-waiRen"))),
        404,
        "not_found");
    error(
        await(
            client
                .post(port, "127.0.0.1", "/prod/login/wecom")
                .sendJsonObject(
                    new JsonObject()
                        .put("corpId", org.tenantA.corpId())
                        .put("code", "code-for-lilei"))),
        404,
        "not_found");
  }

  @Test
  @DisplayName("the JS-SDK config is signed over the page URL with the tenant's ticket")
  void jsSdkConfig() {
    String url = "https://crm.example.com/m/customers?id=1";
    JsonObject cfg =
        get(
            lilei,
            "/api/jssdk/config?url="
                + java.net.URLEncoder.encode(
                    url + "#frag", java.nio.charset.StandardCharsets.UTF_8));
    assertThat(cfg.getString("appId")).isEqualTo(org.tenantA.corpId());
    assertThat(cfg.getString("platform")).isEqualTo(org.tenantA.platform());
    assertThat(cfg.containsKey("agentId"))
        .as("dd.config / agentConfig need the agent id (null when not set up)")
        .isTrue();
    assertThat(cfg.getString("signature"))
        .isEqualTo(
            JsSdkSignature.sign(
                "ticket-" + org.tenantA.corpId(),
                cfg.getString("nonceStr"),
                cfg.getLong("timestamp"),
                url));
    JsonObject missing =
        error(call(lilei, HttpMethod.GET, "/api/jssdk/config", null), 400, "invalid_input");
    assertThat(missing.getJsonObject("details").getString("field")).isEqualTo("url");
  }

  @Test
  @DisplayName("the OpenAPI document is served; unknown paths answer JSON 404")
  void contractAndUnknownPaths() {
    HttpResponse<Buffer> r = call(null, HttpMethod.GET, "/api/openapi.yaml", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("openapi: 3.1.0").contains("operationId: listCustomers");
    error(call(lilei, HttpMethod.GET, "/api/no-such-thing", null), 404, "not_found");
  }

  // --- customers -------------------------------------------------------------------------------

  @Test
  @DisplayName(
      "create → 201; the same name again → 409 duplicate naming the owner; bad input → 400 with the field")
  void createCustomer() {
    String name = "星河电子" + unique();
    JsonObject c =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers",
                new JsonObject()
                    .put("name", name)
                    .put("level", "intent")
                    .put("phones", new JsonArray().add("13800138000"))
                    .put("industry", "电子")),
            201);
    assertThat(c.getString("name")).isEqualTo(name);
    assertThat(c.getString("levelLabel")).isEqualTo("意向");
    assertThat(c.getLong("ownerId")).isEqualTo(org.rep1);

    JsonObject dup =
        error(
            call(hanmeimei, HttpMethod.POST, "/api/customers", new JsonObject().put("name", name)),
            409,
            "duplicate");
    assertThat(dup.getJsonObject("details").encode()).contains("李雷");

    JsonObject noName =
        error(
            call(lilei, HttpMethod.POST, "/api/customers", new JsonObject().put("level", "deal")),
            400,
            "invalid_input");
    assertThat(noName.getJsonObject("details").getString("field")).isEqualTo("name");
    JsonObject badLevel =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers",
                new JsonObject().put("name", "某公司" + unique()).put("level", "vip")),
            400,
            "invalid_input");
    assertThat(badLevel.getJsonObject("details").getString("field")).isEqualTo("level");
    JsonObject extra =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers",
                new JsonObject().put("name", "某公司" + unique()).put("ownerid", 1)),
            400,
            "invalid_input");
    assertThat(extra.getJsonObject("details").getString("field")).isEqualTo("ownerid");
    HttpResponse<Buffer> notJson =
        await(
            client
                .post(port, "127.0.0.1", "/api/customers")
                .bearerTokenAuthentication(lilei)
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"name\": ")));
    assertThat(notJson.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("list pages with a cursor; search finds by pinyin initials; filters by level")
  void listAndSearch() {
    String tag = "T" + unique();
    for (String n : new String[] {"鸿运物流", "鸿运建材", "鸿运食品"}) {
      ok(
          call(
              hanmeimei,
              HttpMethod.POST,
              "/api/customers",
              new JsonObject()
                  .put("name", n + tag)
                  .put("tags", new JsonArray().add(tag))
                  .put("level", "deal")),
          201);
    }
    JsonObject first = get(hanmeimei, "/api/customers?scope=mine&tag=" + tag + "&limit=2");
    assertThat(first.getJsonArray("items")).hasSize(2);
    assertThat(first.getLong("nextCursor")).isNotNull();
    JsonObject second =
        get(
            hanmeimei,
            "/api/customers?scope=mine&tag="
                + tag
                + "&limit=2&cursor="
                + first.getLong("nextCursor"));
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(second.getValue("nextCursor")).isNull();

    JsonObject hits = get(hanmeimei, "/api/customers?q=hywl");
    assertThat(hits.getJsonArray("items").getJsonObject(0).getString("name"))
        .isEqualTo("鸿运物流" + tag);
    assertThat(
            get(hanmeimei, "/api/customers?scope=mine&level=potential&tag=" + tag)
                .getJsonArray("items"))
        .isEmpty();
    // 赵六 (销售二部) sees none of 韩梅梅's (华东组) customers
    assertThat(get(zhaoliu, "/api/customers?q=hywl").getJsonArray("items")).isEmpty();
    // 张经理 manages 韩梅梅 and sees them in the team list
    assertThat(get(zhang, "/api/customers?scope=team&tag=" + tag).getJsonArray("items")).hasSize(3);

    JsonObject badLimit =
        error(
            call(hanmeimei, HttpMethod.GET, "/api/customers?limit=500", null),
            400,
            "invalid_input");
    assertThat(badLimit.getJsonObject("details").getString("field")).isEqualTo("limit");
    JsonObject badScope =
        error(
            call(hanmeimei, HttpMethod.GET, "/api/customers?scope=all", null),
            400,
            "invalid_input");
    assertThat(badScope.getJsonObject("details").getString("field")).isEqualTo("scope");
  }

  @Test
  @DisplayName(
      "a customer that is not yours and one that does not exist get the same Chinese 404, naming neither")
  void notYoursLooksLikeMissing() {
    long id = createCustomer(lilei, "碧海科技" + unique()).getLong("id");
    JsonObject notYours =
        error(call(zhaoliu, HttpMethod.GET, "/api/customers/" + id, null), 404, "not_found");
    JsonObject missing =
        error(call(zhaoliu, HttpMethod.GET, "/api/customers/99999999", null), 404, "not_found");
    assertThat(notYours.getString("message"))
        .isEqualTo("客户不存在或你无权查看")
        .isEqualTo(missing.getString("message"));
    assertThat(notYours.encode()).doesNotContain(Long.toString(id));
    JsonObject contacts =
        error(
            call(zhaoliu, HttpMethod.GET, "/api/customers/" + id + "/contacts", null),
            404,
            "not_found");
    assertThat(contacts.getString("message")).isEqualTo("客户不存在或你无权查看");
    // changing it answers the same as changing one that does not exist
    JsonObject deleteNotYours =
        error(call(zhaoliu, HttpMethod.DELETE, "/api/customers/" + id, null), 404, "not_found");
    JsonObject deleteMissing =
        error(call(zhaoliu, HttpMethod.DELETE, "/api/customers/99999999", null), 404, "not_found");
    assertThat(deleteNotYours).isEqualTo(deleteMissing);
    JsonObject nobody =
        error(
            call(
                zhaoliu,
                HttpMethod.POST,
                "/api/customers/"
                    + createCustomer(zhaoliu, "碧波科技" + unique()).getLong("id")
                    + "/transfer",
                new JsonObject().put("toUserId", 99999999L)),
            400,
            "invalid_input");
    // says who is missing in words, not by an internal field name
    assertThat(nobody.getString("message")).isEqualTo("公司里没有这位在职同事（id 99999999）");
  }

  @Test
  @DisplayName(
      "every write on a colleague's record the rep may not see answers like a missing id and changes nothing")
  void writesOnHiddenRecordsLookLikeMissing() {
    String name = "蓝鲸物流" + unique();
    long id = createCustomer(lilei, name).getLong("id");
    Opportunity o =
        await(
            new OpportunityService(pool)
                .create(
                    org.a(org.rep1),
                    NewOpportunity.of(id, "仓储系统" + unique(), new BigDecimal("120000"))));
    long second = await(new StageService(pool).list(org.a(org.rep1))).get(1).id();
    Reminder r =
        await(
            new ReminderService(pool)
                .create(
                    org.a(org.rep1),
                    NewReminder.at(Instant.now().plus(1, ChronoUnit.HOURS), "回访蓝鲸物流")));
    var m =
        await(
            new com.chatcrm.engine.mention.MentionService(pool)
                .mention(org.a(org.rep1), org.manager1, id, null, "帮忙看下蓝鲸物流的报价"));
    JsonObject before = get(lilei, "/api/customers/" + id);
    String later = Instant.now().plus(3, ChronoUnit.HOURS).toString();
    record Write(HttpMethod method, String path, long hidden, JsonObject body) {}
    List<Write> writes =
        List.of(
            new Write(
                HttpMethod.POST,
                "/api/customers/%d/follow-ups",
                id,
                new JsonObject().put("content", "偷偷跟进")),
            new Write(
                HttpMethod.POST,
                "/api/customers/%d/contacts",
                id,
                new JsonObject().put("name", "偷偷加")),
            new Write(HttpMethod.POST, "/api/customers/%d/claim", id, null),
            new Write(
                HttpMethod.POST,
                "/api/customers/%d/transfer",
                id,
                new JsonObject().put("toUserId", org.rep3)),
            new Write(HttpMethod.POST, "/api/customers/%d/restore", id, null),
            new Write(
                HttpMethod.PATCH,
                "/api/customers/%d",
                id,
                new JsonObject().put("version", before.getInteger("version")).put("address", "广州")),
            new Write(HttpMethod.DELETE, "/api/customers/%d", id, null),
            new Write(
                HttpMethod.POST,
                "/api/customers/%d/reminders",
                id,
                new JsonObject().put("dueAt", later).put("text", "x")),
            new Write(
                HttpMethod.POST,
                "/api/opportunities/%d/stage",
                o.id(),
                new JsonObject().put("version", o.version()).put("stageId", second)),
            new Write(
                HttpMethod.POST,
                "/api/reminders/%d/done",
                r.id(),
                new JsonObject().put("version", r.version())),
            new Write(
                HttpMethod.POST,
                "/api/reminders/%d/snooze",
                r.id(),
                new JsonObject().put("version", r.version()).put("until", later)),
            new Write(HttpMethod.POST, "/api/mentions/%d/done", m.id(), null));
    for (Write w : writes) {
      HttpResponse<Buffer> hidden =
          call(zhaoliu, w.method(), w.path().formatted(w.hidden()), w.body());
      HttpResponse<Buffer> missing =
          call(zhaoliu, w.method(), w.path().formatted(99_999_999L), w.body());
      String what = w.method() + " " + w.path() + " → " + hidden.bodyAsString();
      assertThat(hidden.statusCode()).as(what).isEqualTo(404).isEqualTo(missing.statusCode());
      JsonObject h = hidden.bodyAsJsonObject();
      assertThat(h).as(what).isEqualTo(missing.bodyAsJsonObject());
      assertThat(h.getString("code")).as(what).isEqualTo("not_found");
      assertThat(h.getJsonObject("details")).as(what).isEmpty();
      assertThat(hidden.bodyAsString()).as(what).doesNotContain(name, "蓝鲸", o.name(), "李雷");
    }
    // nothing changed
    JsonObject after = get(lilei, "/api/customers/" + id);
    assertThat(after.getInteger("version")).isEqualTo(before.getInteger("version"));
    assertThat(after.getLong("ownerId")).isEqualTo(org.rep1);
    assertThat(after.getBoolean("deleted", false)).isFalse();
    assertThat(get(lilei, "/api/customers/" + id + "/contacts").getJsonArray("items")).isEmpty();
    assertThat(get(lilei, "/api/customers/" + id + "/follow-ups").getJsonArray("items")).isEmpty();
    Opportunity o2 = await(new OpportunityService(pool).get(org.a(org.rep1), o.id()));
    assertThat(o2.version()).isEqualTo(o.version());
    assertThat(o2.stageId()).isEqualTo(o.stageId());
    Reminder r2 = await(new ReminderService(pool).get(org.a(org.rep1), r.id()));
    assertThat(r2.version()).isEqualTo(r.version());
    assertThat(r2.status()).isEqualTo(r.status());
    var m2 =
        await(new com.chatcrm.engine.mention.MentionService(pool).get(org.a(org.rep1), m.id()));
    assertThat(m2.status()).isEqualTo(m.status());
  }

  @Test
  @DisplayName("detail: the owner's manager reads it, a rep of another department is refused")
  void detailPermissions() {
    JsonObject c = createCustomer(lilei, "蓝天科技" + unique());
    long id = c.getLong("id");
    assertThat(get(lilei, "/api/customers/" + id).getString("name")).isEqualTo(c.getString("name"));
    assertThat(get(zhang, "/api/customers/" + id).getLong("id")).isEqualTo(id);
    assertThat(get(lilei, "/api/customers/" + id).getBoolean("canEdit"))
        .as("the owner may change it")
        .isTrue();
    long pooled = createCustomer(lilei, "碧空实业" + unique()).getLong("id");
    await(new PoolService(pool, Clock.systemUTC()).release(org.a(org.rep1), pooled, "测试"));
    assertThat(get(lilei, "/api/customers/" + pooled).getBoolean("canEdit"))
        .as("a pool customer: read only")
        .isFalse();
    HttpResponse<Buffer> denied = call(zhaoliu, HttpMethod.GET, "/api/customers/" + id, null);
    assertThat(denied.statusCode()).isIn(403, 404);
    assertThat(denied.bodyAsJsonObject().getString("code")).isIn("forbidden", "not_found");
    error(call(lilei, HttpMethod.GET, "/api/customers/99999999", null), 404, "not_found");
    JsonObject badId =
        error(call(lilei, HttpMethod.GET, "/api/customers/abc", null), 400, "invalid_input");
    assertThat(badId.getJsonObject("details").getString("field")).isEqualTo("id");
    // another company's user cannot reach it either
    HttpResponse<Buffer> foreign =
        call(lilei, HttpMethod.GET, "/api/customers/" + id + "/contacts", null);
    assertThat(foreign.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "edit with the version read → 200; with an old version → 409 stale_version; others → 403")
  void editWithVersion() {
    JsonObject c = createCustomer(lilei, "远航贸易" + unique());
    long id = c.getLong("id");
    int v = c.getInteger("version");
    JsonObject edited =
        ok(
            call(
                lilei,
                HttpMethod.PATCH,
                "/api/customers/" + id,
                new JsonObject().put("version", v).put("level", "deal").put("address", "上海市浦东新区")),
            200);
    assertThat(edited.getString("level")).isEqualTo("deal");
    assertThat(edited.getInteger("version")).isGreaterThan(v);
    error(
        call(
            lilei,
            HttpMethod.PATCH,
            "/api/customers/" + id,
            new JsonObject().put("version", v).put("address", "北京")),
        409,
        "stale_version");
    JsonObject noVersion =
        error(
            call(
                lilei,
                HttpMethod.PATCH,
                "/api/customers/" + id,
                new JsonObject().put("address", "北京")),
            400,
            "invalid_input");
    assertThat(noVersion.getJsonObject("details").getString("field")).isEqualTo("version");
    assertThat(
            call(
                    zhaoliu,
                    HttpMethod.PATCH,
                    "/api/customers/" + id,
                    new JsonObject()
                        .put("version", edited.getInteger("version"))
                        .put("address", "广州"))
                .statusCode())
        .isIn(403, 404);
  }

  @Test
  @DisplayName("delete then restore; a rep of another department may do neither")
  void deleteAndRestore() {
    long id = createCustomer(lilei, "旭日传媒" + unique()).getLong("id");
    assertThat(call(zhaoliu, HttpMethod.DELETE, "/api/customers/" + id, null).statusCode())
        .isIn(403, 404);
    assertThat(
            ok(call(lilei, HttpMethod.DELETE, "/api/customers/" + id, null), 200)
                .getBoolean("deleted"))
        .isTrue();
    assertThat(
            ok(call(lilei, HttpMethod.POST, "/api/customers/" + id + "/restore", null), 200)
                .getBoolean("deleted"))
        .isFalse();
  }

  @Test
  @DisplayName("transfer by the manager; a rep cannot hand a colleague's customer away")
  void transfer() {
    long id = createCustomer(lilei, "启明软件" + unique()).getLong("id");
    assertThat(
            call(
                    zhaoliu,
                    HttpMethod.POST,
                    "/api/customers/" + id + "/transfer",
                    new JsonObject().put("toUserId", org.rep3))
                .statusCode())
        .isIn(403, 404);
    JsonObject moved =
        ok(
            call(
                zhang,
                HttpMethod.POST,
                "/api/customers/" + id + "/transfer",
                new JsonObject().put("toUserId", org.rep2)),
            200);
    assertThat(moved.getLong("ownerId")).isEqualTo(org.rep2);
    JsonObject bad =
        error(
            call(
                zhang,
                HttpMethod.POST,
                "/api/customers/" + id + "/transfer",
                new JsonObject().put("toUserId", "韩梅梅")),
            400,
            "invalid_input");
    assertThat(bad.getJsonObject("details").getString("field")).isEqualTo("toUserId");
  }

  @Test
  @DisplayName(
      "the new owner is told who handed them which customer; an admin hands out a 公海 customer")
  void transferTellsTheNewOwner() {
    String name = "远望科技" + unique();
    long id = createCustomer(lilei, name).getLong("id");
    ok(
        call(
            zhang,
            HttpMethod.POST,
            "/api/customers/" + id + "/transfer",
            new JsonObject().put("toUserId", org.rep2)),
        200);
    Notification told =
        notified.pushes().stream()
            .filter(p -> p.userId() == org.rep2 && p.notification().markdown().contains(name))
            .findFirst()
            .orElseThrow()
            .notification();
    assertThat(told.title()).contains("张经理", "转给了你");
    assertThat(told.buttons()).extracting(Notification.Button::text).contains("打开详情");

    String pooled = "沧浪实业" + unique();
    long poolId = createCustomer(lilei, pooled).getLong("id");
    await(new PoolService(pool, Clock.systemUTC()).release(org.a(org.rep1), poolId, "测试"));
    JsonObject assigned =
        ok(
            call(
                wang,
                HttpMethod.POST,
                "/api/customers/" + poolId + "/transfer",
                new JsonObject().put("toUserId", org.rep3)),
            200);
    assertThat(assigned.getLong("ownerId")).isEqualTo(org.rep3);
    assertThat(assigned.getBoolean("inPool", false)).isFalse();
    assertThat(notified.pushes())
        .anySatisfy(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep3);
              assertThat(p.notification().markdown()).contains("王总", pooled);
            });
  }

  @Test
  @DisplayName("the pool lists released customers and anyone may claim one")
  void poolAndClaim() {
    String name = "沧海实业" + unique();
    long id = createCustomer(lilei, name).getLong("id");
    await(new PoolService(pool, Clock.systemUTC()).release(org.a(org.rep1), id, "测试"));
    JsonObject page = get(zhaoliu, "/api/pool?limit=100");
    assertThat(page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")))
        .contains(name);
    JsonObject claimed =
        ok(call(zhaoliu, HttpMethod.POST, "/api/customers/" + id + "/claim", null), 200);
    assertThat(claimed.getLong("ownerId")).isEqualTo(org.rep3);
    assertThat(claimed.getBoolean("inPool")).isFalse();
    // now 赵六's, whom 李雷 may not see: 李雷 saw it in the pool, so he hears a colleague took it, not
    // who
    JsonObject taken =
        error(
            call(lilei, HttpMethod.POST, "/api/customers/" + id + "/claim", null), 409, "conflict");
    assertThat(taken.getString("message")).isEqualTo("这个客户刚从公海被领走或分配给了同事");
    assertThat(taken.encode()).doesNotContain("赵六", name);
    error(call(zhaoliu, HttpMethod.GET, "/api/pool?level=gold", null), 400, "invalid_input");
  }

  // --- contacts, follow-ups, reminders, audit --------------------------------------------------

  @Test
  @DisplayName("contacts: add and list on an own customer; refused on another department's")
  void contacts() {
    long id = createCustomer(lilei, "金桥建设" + unique()).getLong("id");
    JsonObject contact =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + id + "/contacts",
                new JsonObject()
                    .put("name", "王芳")
                    .put("title", "采购经理")
                    .put("phones", new JsonArray().add("13900001111"))),
            201);
    assertThat(contact.getString("title")).isEqualTo("采购经理");
    assertThat(get(lilei, "/api/customers/" + id + "/contacts").getJsonArray("items")).hasSize(1);
    assertThat(
            call(zhaoliu, HttpMethod.GET, "/api/customers/" + id + "/contacts", null).statusCode())
        .isIn(403, 404);
    assertThat(
            call(
                    zhaoliu,
                    HttpMethod.POST,
                    "/api/customers/" + id + "/contacts",
                    new JsonObject().put("name", "偷偷加"))
                .statusCode())
        .isIn(403, 404);
    JsonObject noName =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + id + "/contacts",
                new JsonObject().put("title", "x")),
            400,
            "invalid_input");
    assertThat(noName.getJsonObject("details").getString("field")).isEqualTo("name");
  }

  @Test
  @DisplayName(
      "a follow-up with a next time sets a reminder; the timeline shows it; done and snooze use versions")
  void followUpsAndReminders() {
    long id = createCustomer(lilei, "银河证券" + unique()).getLong("id");
    Instant next = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonObject f =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + id + "/follow-ups",
                new JsonObject()
                    .put("method", "电话")
                    .put("content", "聊了报价，对方要内部讨论")
                    .put("nextStep", "发正式报价")
                    .put("nextFollowUpAt", next.toString())),
            201);
    assertThat(f.getString("method")).isEqualTo("call");
    assertThat(f.getLong("reminderId")).isNotNull();
    assertThat(f.getString("source")).isEqualTo("mini_app");

    JsonObject timeline = get(lilei, "/api/customers/" + id + "/follow-ups?limit=10");
    assertThat(timeline.getJsonArray("items").getJsonObject(0).getString("content"))
        .isEqualTo("聊了报价，对方要内部讨论");
    assertThat(
            call(zhaoliu, HttpMethod.GET, "/api/customers/" + id + "/follow-ups", null)
                .statusCode())
        .isIn(403, 404);
    JsonObject badMethod =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + id + "/follow-ups",
                new JsonObject().put("method", "飞鸽传书").put("content", "x")),
            400,
            "invalid_input");
    assertThat(badMethod.getJsonObject("details").getString("field")).isEqualTo("method");
    JsonObject badTime =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + id + "/follow-ups",
                new JsonObject().put("content", "x").put("nextFollowUpAt", "明天")),
            400,
            "invalid_input");
    assertThat(badTime.getJsonObject("details").getString("field")).isEqualTo("nextFollowUpAt");

    JsonObject set =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + id + "/reminders",
                new JsonObject()
                    .put("dueAt", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                    .put("text", "问问样品到了没有")),
            201);
    assertThat(set.getString("customerName")).startsWith("银河证券");
    assertThat(
            call(
                    zhaoliu,
                    HttpMethod.POST,
                    "/api/customers/" + id + "/reminders",
                    new JsonObject()
                        .put("dueAt", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                        .put("text", "x"))
                .statusCode())
        .isIn(403, 404);

    JsonObject mine = get(lilei, "/api/reminders");
    assertThat(mine.getJsonArray("upcoming").stream().map(o -> ((JsonObject) o).getLong("id")))
        .contains(set.getLong("id"), f.getLong("reminderId"));

    long rid = set.getLong("id");
    int v = set.getInteger("version");
    JsonObject snoozed =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/reminders/" + rid + "/snooze",
                new JsonObject()
                    .put("version", v)
                    .put("until", Instant.now().plus(3, ChronoUnit.HOURS).toString())),
            200);
    assertThat(snoozed.getString("status")).isEqualTo("snoozed");
    error(
        call(
            lilei,
            HttpMethod.POST,
            "/api/reminders/" + rid + "/done",
            new JsonObject().put("version", v)),
        409,
        "stale_version");
    assertThat(
            call(
                    zhaoliu,
                    HttpMethod.POST,
                    "/api/reminders/" + rid + "/done",
                    new JsonObject().put("version", snoozed.getInteger("version")))
                .statusCode())
        .isIn(403, 404);
    JsonObject done =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/reminders/" + rid + "/done",
                new JsonObject().put("version", snoozed.getInteger("version"))),
            200);
    assertThat(done.getString("status")).isEqualTo("done");
    JsonObject past =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/reminders/" + f.getLong("reminderId") + "/snooze",
                new JsonObject().put("version", 0).put("until", "2020-01-01T00:00:00Z")),
            400,
            "invalid_input");
    assertThat(past.getJsonObject("details").getString("field")).isEqualTo("until");
  }

  @Test
  @DisplayName(
      "the audit trail lists the changes made through the mini-app; others may not read it")
  void auditTrail() {
    JsonObject c = createCustomer(lilei, "海纳百川" + unique());
    long id = c.getLong("id");
    ok(
        call(
            lilei,
            HttpMethod.PATCH,
            "/api/customers/" + id,
            new JsonObject().put("version", c.getInteger("version")).put("industry", "教育")),
        200);
    JsonArray items = get(lilei, "/api/customers/" + id + "/audit").getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("action")))
        .contains("create", "update");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("source"))).contains("mini_app");
    assertThat(call(zhaoliu, HttpMethod.GET, "/api/customers/" + id + "/audit", null).statusCode())
        .isIn(403, 404);
  }

  @Test
  @DisplayName(
      "the audit trail says in Chinese what was done, where, and to which fields (导入, 修改 行业, 转移 负责人)")
  void auditTrailInChinese() {
    Customer imported =
        await(
            new CustomerService(pool)
                .create(
                    Actor.user(org.tenantA.id(), org.rep1, Source.importJob("job-1")),
                    NewCustomer.named("导入测试" + unique())));
    JsonObject c = get(lilei, "/api/customers/" + imported.id());
    ok(
        call(
            lilei,
            HttpMethod.PATCH,
            "/api/customers/" + imported.id(),
            new JsonObject().put("version", c.getInteger("version")).put("industry", "教育")),
        200);
    ok(
        call(
            zhang,
            HttpMethod.POST,
            "/api/customers/" + imported.id() + "/transfer",
            new JsonObject().put("toUserId", org.rep2)),
        200);
    List<JsonObject> items =
        get(zhang, "/api/customers/" + imported.id() + "/audit").getJsonArray("items").stream()
            .map(o -> (JsonObject) o)
            .toList();
    assertThat(items)
        .anySatisfy(
            a -> {
              assertThat(a.getString("actionLabel")).isEqualTo("新建");
              assertThat(a.getString("sourceLabel")).isEqualTo("导入");
            });
    assertThat(items)
        .anySatisfy(
            a -> {
              assertThat(a.getString("actionLabel")).isEqualTo("修改");
              assertThat(a.getString("sourceLabel")).isEqualTo("微应用");
              assertThat(a.getJsonArray("fieldLabels")).containsExactly("行业");
            });
    assertThat(items)
        .anySatisfy(
            a -> {
              assertThat(a.getString("actionLabel")).isEqualTo("转移");
              assertThat(a.getJsonArray("fieldLabels")).contains("负责人");
            });
  }

  @Test
  @DisplayName(
      "今日提醒: today's reminders (tenant zone) and overdue ones; those weeks ahead are only counted")
  void todayReminders() {
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    Instant now = Instant.now();
    Instant midnight = now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    ReminderService service = new ReminderService(pool);
    Reminder today =
        await(
            service.create(
                org.a(org.rep2),
                NewReminder.at(
                    now.plus(Duration.between(now, midnight).dividedBy(2)), "今天给客户回电话")));
    Reminder weeksAhead =
        await(
            service.create(
                org.a(org.rep2), NewReminder.at(now.plus(21, ChronoUnit.DAYS), "三周后谈续约")));

    JsonObject mine = get(hanmeimei, "/api/reminders");
    List<Long> listed =
        mine.getJsonArray("today").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    assertThat(listed).contains(today.id()).doesNotContain(weeksAhead.id());
    assertThat(mine.getJsonArray("overdue").stream().map(o -> ((JsonObject) o).getLong("id")))
        .doesNotContain(weeksAhead.id());
    assertThat(mine.getInteger("laterCount")).isEqualTo(1);
  }

  @Test
  @DisplayName("mentions: the addressee lists and completes theirs")
  void mentions() {
    long id = createCustomer(lilei, "长风汽车" + unique()).getLong("id");
    var m =
        await(
            new com.chatcrm.engine.mention.MentionService(pool)
                .mention(org.a(org.rep1), org.manager1, id, null, "帮忙看下报价"));
    JsonArray toZhang = get(zhang, "/api/mentions").getJsonArray("items");
    assertThat(toZhang.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(m.id());
    assertThat(
            get(lilei, "/api/mentions?box=from_me").getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getLong("id")))
        .contains(m.id());
    assertThat(
            call(zhaoliu, HttpMethod.POST, "/api/mentions/" + m.id() + "/done", null).statusCode())
        .isIn(403, 404);
    assertThat(
            ok(call(zhang, HttpMethod.POST, "/api/mentions/" + m.id() + "/done", null), 200)
                .getString("status"))
        .isEqualTo("done");
    error(call(zhang, HttpMethod.GET, "/api/mentions?box=everyone", null), 400, "invalid_input");
  }

  // --- opportunities and reports ---------------------------------------------------------------

  @Test
  @DisplayName(
      "the kanban shows visible deals per stage; a move with a stale version → 409; others → 403")
  void boardAndMoves() {
    long id = createCustomer(lilei, "东方电气" + unique()).getLong("id");
    Opportunity o =
        await(
            new OpportunityService(pool)
                .create(org.a(org.rep1), NewOpportunity.of(id, "变电站改造", new BigDecimal("880000"))));
    var stages = await(new StageService(pool).list(org.a(org.rep1)));
    long second = stages.get(1).id();

    JsonArray columns = get(lilei, "/api/opportunities/board").getJsonArray("columns");
    assertThat(columns).hasSize(stages.size());
    JsonObject firstColumn = columns.getJsonObject(0);
    assertThat(firstColumn.getJsonArray("cards").stream().map(c -> ((JsonObject) c).getLong("id")))
        .contains(o.id());
    assertThat(
            get(zhaoliu, "/api/opportunities/board").getJsonArray("columns").stream()
                .flatMap(c -> ((JsonObject) c).getJsonArray("cards").stream())
                .map(c -> ((JsonObject) c).getLong("id")))
        .doesNotContain(o.id());

    assertThat(get(lilei, "/api/customers/" + id + "/opportunities").getJsonArray("items"))
        .hasSize(1);
    assertThat(
            call(
                    zhaoliu,
                    HttpMethod.POST,
                    "/api/opportunities/" + o.id() + "/stage",
                    new JsonObject().put("version", o.version()).put("stageId", second))
                .statusCode())
        .isIn(403, 404);
    JsonObject moved =
        ok(
            call(
                lilei,
                HttpMethod.POST,
                "/api/opportunities/" + o.id() + "/stage",
                new JsonObject().put("version", o.version()).put("stageId", second)),
            200);
    assertThat(moved.getLong("stageId")).isEqualTo(second);
    assertThat(moved.getString("amount")).isEqualTo("880000.00");
    error(
        call(
            lilei,
            HttpMethod.POST,
            "/api/opportunities/" + o.id() + "/stage",
            new JsonObject().put("version", o.version()).put("stageId", stages.get(2).id())),
        409,
        "stale_version");
    JsonObject noStage =
        error(
            call(
                lilei,
                HttpMethod.POST,
                "/api/opportunities/" + o.id() + "/stage",
                new JsonObject().put("version", moved.getInteger("version"))),
            400,
            "invalid_input");
    assertThat(noStage.getJsonObject("details").getString("field")).isEqualTo("stageId");
  }

  @Test
  @DisplayName("the pipeline for me and team; the whole company only for admins; a bad month → 400")
  void pipeline() {
    long id = createCustomer(hanmeimei, "北辰能源" + unique()).getLong("id");
    await(
        new OpportunityService(pool)
            .create(org.a(org.rep2), NewOpportunity.of(id, "储能项目", new BigDecimal("120000"))));
    JsonObject me = get(hanmeimei, "/api/pipeline");
    assertThat(me.getString("scope")).isEqualTo("me");
    assertThat(me.getJsonArray("stages")).isNotEmpty();
    assertThat(me.getJsonObject("open").getJsonObject("current").getLong("count"))
        .isGreaterThanOrEqualTo(1L);
    assertThat(
            get(zhang, "/api/pipeline?scope=team")
                .getJsonObject("open")
                .getJsonObject("current")
                .getLong("count"))
        .isGreaterThanOrEqualTo(1L);
    error(call(lilei, HttpMethod.GET, "/api/pipeline?scope=tenant", null), 403, "forbidden");
    assertThat(get(wang, "/api/pipeline?scope=tenant&month=2026-11").getString("from"))
        .isEqualTo("2026-11-01");
    JsonObject badMonth =
        error(
            call(lilei, HttpMethod.GET, "/api/pipeline?month=11-2026", null), 400, "invalid_input");
    assertThat(badMonth.getJsonObject("details").getString("field")).isEqualTo("month");
  }

  @Test
  @DisplayName("activity: 30 days of follow-ups; the ranking holds the people one sees")
  void activity() {
    long id = createCustomer(hanmeimei, "朝阳化工" + unique()).getLong("id");
    ok(
        call(
            hanmeimei,
            HttpMethod.POST,
            "/api/customers/" + id + "/follow-ups",
            new JsonObject().put("method", "微信").put("content", "发了资料")),
        201);
    JsonObject mine = get(hanmeimei, "/api/activity");
    assertThat(mine.getJsonArray("days")).hasSize(30);
    assertThat(
            mine.getJsonArray("days").stream()
                .mapToLong(d -> ((JsonObject) d).getLong("followUps"))
                .sum())
        .isGreaterThanOrEqualTo(1L);
    assertThat(mine.getJsonArray("ranking").stream().map(o -> ((JsonObject) o).getString("name")))
        .containsExactly("韩梅梅");
    JsonObject team = get(zhang, "/api/activity?days=7");
    assertThat(team.getJsonArray("days")).hasSize(7);
    assertThat(team.getJsonArray("ranking").stream().map(o -> ((JsonObject) o).getString("name")))
        .contains("张经理", "李雷", "韩梅梅")
        .doesNotContain("赵六");
    JsonObject bad =
        error(call(zhang, HttpMethod.GET, "/api/activity?days=365", null), 400, "invalid_input");
    assertThat(bad.getJsonObject("details").getString("field")).isEqualTo("days");
  }

  @Test
  @DisplayName("team lists the people a manager sees")
  void team() {
    JsonArray members = get(zhang, "/api/team").getJsonArray("items");
    assertThat(members.stream().map(o -> ((JsonObject) o).getString("name")))
        .contains("张经理", "李雷", "韩梅梅")
        .doesNotContain("赵六");
  }

  @Test
  @DisplayName("a customer from the engine directly shows up to the API the same way")
  void engineAndApiAgree() {
    var c =
        await(
            new CustomerService(pool)
                .create(org.a(org.rep1), NewCustomer.named("同源数据" + unique())));
    assertThat(get(lilei, "/api/customers/" + c.id()).getInteger("version")).isEqualTo(c.version());
  }
}
