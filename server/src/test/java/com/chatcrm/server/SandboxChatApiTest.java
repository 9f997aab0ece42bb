package com.chatcrm.server;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.config.ConfigLoader;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox chat page's API against the whole service in sandbox mode: lines said through it
 * travel the real callback path and the bot's answers come back, per platform and per user; bad
 * input is a 400 with a stable code.
 */
class SandboxChatApiTest {

  /** How long this class waits for a future, as before the shared helper. */
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static CrmServer server;
  static Vertx vertx;
  static WebClient client;
  static String base;

  @BeforeAll
  static void start() {
    server =
        CrmServer.start(
            new ConfigLoader(Map.of("CRM_DB_URL", db.url(), "CRM_HTTP_PORT", "0"), new Properties())
                .load());
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    base = "http://127.0.0.1:" + server.httpPort();
  }

  @AfterAll
  static void stop() {
    server.stop();
    vertx.close();
  }

  @Test
  @DisplayName("the companies are the sandbox tenants with their synced users")
  void companies() throws Exception {
    JsonArray companies =
        get("/sandbox/api/companies").bodyAsJsonObject().getJsonArray("companies");
    JsonObject huaxin = find(companies, c -> c.getString("corpId").equals("wwhuaxin0001"));
    assertThat(huaxin.getString("platform")).isEqualTo("wecom");
    assertThat(huaxin.getString("name")).isEqualTo("华信科技");
    assertThat(huaxin.getJsonArray("users").encode()).contains("lisi", "李四", "zhangsan");
    JsonObject dingyun = find(companies, c -> c.getString("corpId").equals("dingsandbox0001"));
    assertThat(dingyun.getString("platform")).isEqualTo("dingtalk");
    assertThat(dingyun.getJsonArray("users").encode()).contains("staff02", "钱进");
  }

  @Test
  @DisplayName(
      "WeCom: a line said is answered with a template card; a click on its button updates the card")
  void weComSayAndClick() throws Exception {
    JsonObject said =
        post("/sandbox/api/say", speaker("wecom", "wwhuaxin0001", "wangwu").put("text", "帮助"))
            .bodyAsJsonObject()
            .getJsonObject("message");
    assertThat(said.getString("kind")).isEqualTo("user");
    assertThat(said.getString("text")).isEqualTo("帮助");

    JsonObject card =
        awaitMessage(
            "wecom",
            "wwhuaxin0001",
            "wangwu",
            0,
            m -> "template_card".equals(m.getString("msgtype")));
    JsonObject tc = card.getJsonObject("template_card");
    assertThat(tc.getJsonObject("main_title").getString("title")).contains("帮助");
    JsonObject button = tc.getJsonArray("button_list").getJsonObject(0);
    String taskId = tc.getString("task_id");

    // nobody else sees wangwu's conversation
    assertThat(messages("wecom", "wwhuaxin0001", "zhangsan", 0).encode()).doesNotContain(taskId);
    // the history a reloaded page asks for has the line said too
    assertThat(
            messages("wecom", "wwhuaxin0001", "wangwu", 0).stream()
                .map(JsonObject.class::cast)
                .filter(m -> "user".equals(m.getString("kind"))))
        .anySatisfy(m -> assertThat(m.getString("text")).isEqualTo("帮助"));

    long after = card.getLong("seq");
    JsonObject clicked =
        post(
                "/sandbox/api/click",
                speaker("wecom", "wwhuaxin0001", "wangwu")
                    .put("taskId", taskId)
                    .put("key", button.getString("key")))
            .bodyAsJsonObject();
    assertThat(clicked.getString("taskId")).isEqualTo(taskId);
    JsonObject update =
        awaitMessage(
            "wecom", "wwhuaxin0001", "wangwu", after, m -> "update".equals(m.getString("kind")));
    assertThat(update.getString("taskId")).isEqualTo(taskId);
    assertThat(update.getString("replaceName")).isNotBlank();
    // the button's command ran and answered (我的待办)
    awaitMessage("wecom", "wwhuaxin0001", "wangwu", after, m -> "bot".equals(m.getString("kind")));
  }

  @Test
  @DisplayName(
      "DingTalk: a line said is answered in the one-to-one chat; a command link sends its text back")
  void dingTalkSayAndLink() throws Exception {
    post("/sandbox/api/say", speaker("dingtalk", "dingsandbox0001", "staff03").put("text", "帮助"));
    JsonObject reply =
        awaitMessage(
            "dingtalk",
            "dingsandbox0001",
            "staff03",
            0,
            m ->
                "bot".equals(m.getString("kind"))
                    && m.encode().contains("dtmd://dingtalkclient/sendMessage"));
    assertThat(reply.getString("msgtype")).isIn("markdown", "actionCard");
    assertThat(messages("dingtalk", "dingsandbox0001", "staff02", 0).encode())
        .doesNotContain("使用帮助");

    Matcher link =
        Pattern.compile("\\((dtmd://dingtalkclient/sendMessage\\?content=[^)]+)\\)")
            .matcher(reply.encode());
    assertThat(link.find()).isTrue();
    long after = reply.getLong("seq");
    JsonObject line =
        post(
                "/sandbox/api/click",
                speaker("dingtalk", "dingsandbox0001", "staff03").put("link", link.group(1)))
            .bodyAsJsonObject()
            .getJsonObject("message");
    assertThat(line.getString("text")).contains("#cmd:");
    awaitMessage(
        "dingtalk", "dingsandbox0001", "staff03", after, m -> "bot".equals(m.getString("kind")));
  }

  @Test
  @DisplayName("bad input is refused with 400 and a stable code")
  void badInput() throws Exception {
    assertError(
        post("/sandbox/api/say", new JsonObject().put("platform", "feishu").put("text", "x")),
        "bad_platform");
    assertError(
        post("/sandbox/api/say", speaker("wecom", "wwnobody", "lisi").put("text", "x")),
        "unknown_company");
    assertError(
        post("/sandbox/api/say", speaker("wecom", "wwhuaxin0001", "ghost").put("text", "x")),
        "unknown_user");
    assertError(
        post("/sandbox/api/say", speaker("wecom", "wwhuaxin0001", "lisi").put("text", "  ")),
        "empty_text");
    assertError(
        post(
            "/sandbox/api/say",
            speaker("wecom", "wwhuaxin0001", "lisi").put("text", "长".repeat(2001))),
        "text_too_long");
    assertError(
        await(
            client
                .postAbs(base + "/sandbox/api/say")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{not json")),
            WITHIN),
        "bad_json");
    assertError(
        post("/sandbox/api/click", speaker("wecom", "wwhuaxin0001", "lisi").put("taskId", "t1")),
        "bad_click");
    assertError(
        post(
            "/sandbox/api/click",
            speaker("dingtalk", "dingsandbox0001", "staff02").put("link", "https://example.com/")),
        "bad_link");
    assertError(
        get("/sandbox/api/messages?platform=wecom&corpId=wwhuaxin0001&userId=lisi&after=abc"),
        "bad_after");
    assertError(
        get("/sandbox/api/messages?platform=wecom&corpId=wwhuaxin0001&userId=lisi&after=-1"),
        "bad_after");
    assertError(
        get("/sandbox/api/messages?platform=dingtalk&corpId=wwhuaxin0001&userId=lisi"),
        "unknown_company");
  }

  @Test
  @DisplayName("the page is served at /sandbox/")
  void page() throws Exception {
    HttpResponse<Buffer> bare =
        await(client.getAbs(base + "/sandbox").followRedirects(false).send(), WITHIN);
    assertThat(bare.statusCode()).isEqualTo(302);
    HttpResponse<Buffer> page = get("/sandbox/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("Chat CRM 沙箱", "企业微信", "钉钉");
    assertThat(get("/sandbox/app.js").statusCode()).isEqualTo(200);
    // the platform sandboxes under /sandbox/ still answer
    assertThat(get("/sandbox/wecom/_calls").bodyAsJsonObject().containsKey("calls")).isTrue();
  }

  @Test
  @DisplayName(
      "dev profile: each sandbox company got its demo data once; seeding again changes nothing")
  void demoData() throws Exception {
    io.vertx.sqlclient.Pool pool =
        io.vertx.pgclient.PgBuilder.pool()
            .connectingTo(server.database().connectOptions())
            .using(vertx)
            .build();
    try {
      String counts =
          "SELECT t.corp_id, (SELECT count(*) FROM customer c WHERE c.tenant_id = t.tenant_id) AS customers, "
              + "(SELECT count(*) FROM contact c WHERE c.tenant_id = t.tenant_id) AS contacts, "
              + "(SELECT count(*) FROM opportunity o WHERE o.tenant_id = t.tenant_id) AS opportunities, "
              + "(SELECT count(DISTINCT o.stage_id) FROM opportunity o WHERE o.tenant_id = t.tenant_id) AS stages, "
              + "(SELECT count(*) FROM follow_up f WHERE f.tenant_id = t.tenant_id) AS follow_ups, "
              + "(SELECT count(DISTINCT c.owner_id) FROM customer c WHERE c.tenant_id = t.tenant_id) AS owners "
              + "FROM tenant t ORDER BY t.corp_id";
      JsonArray before = new JsonArray();
      await(pool.query(counts).execute(), WITHIN).forEach(r -> before.add(r.toJson()));
      assertThat(before).hasSize(2);
      before.forEach(
          o -> {
            JsonObject t = (JsonObject) o;
            assertThat(t.getLong("customers")).as(t.encode()).isBetween(200L, 500L);
            assertThat(t.getLong("contacts"))
                .as(t.encode())
                .isGreaterThanOrEqualTo(t.getLong("customers"));
            assertThat(t.getLong("opportunities")).as(t.encode()).isGreaterThan(50L);
            assertThat(t.getLong("stages")).as(t.encode()).isGreaterThanOrEqualTo(4L);
            assertThat(t.getLong("follow_ups"))
                .as(t.encode())
                .isGreaterThan(t.getLong("customers"));
            assertThat(t.getLong("owners"))
                .as("every sandbox member owns customers: " + t.encode())
                .isEqualTo(8L);
          });
      await(server.sandbox().seedDemoData(), WITHIN);
      JsonArray after = new JsonArray();
      await(pool.query(counts).execute(), WITHIN).forEach(r -> after.add(r.toJson()));
      assertThat(after).isEqualTo(before);
    } finally {
      pool.close();
    }
  }

  @Test
  @DisplayName("李四 logs a follow-up on a demo customer and gets the reply card")
  void followUpOnDemoCustomer() throws Exception {
    post(
        "/sandbox/api/say",
        speaker("wecom", "wwhuaxin0001", "lisi").put("text", "跟进 星河传媒 电话沟通了报价"));
    JsonObject card =
        awaitMessage(
            "wecom",
            "wwhuaxin0001",
            "lisi",
            0,
            m -> "bot".equals(m.getString("kind")) && m.encode().contains("跟进"));
    assertThat(card.getString("msgtype")).isEqualTo("template_card");
    assertThat(card.encode()).contains("已记录跟进", "星河传媒");
  }

  // ------------------------------------------------------------------ helpers

  static JsonObject speaker(String platform, String corpId, String userId) {
    return new JsonObject().put("platform", platform).put("corpId", corpId).put("userId", userId);
  }

  static void assertError(HttpResponse<Buffer> r, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo(code);
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
  }

  static JsonArray messages(String platform, String corpId, String userId, long after)
      throws Exception {
    HttpResponse<Buffer> r =
        get(
            "/sandbox/api/messages?platform="
                + platform
                + "&corpId="
                + corpId
                + "&userId="
                + userId
                + "&after="
                + after);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("messages");
  }

  static JsonObject awaitMessage(
      String platform, String corpId, String userId, long after, Predicate<JsonObject> p) {
    JsonArray seen =
        Eventually.within(Duration.ofSeconds(20))
            .every(Duration.ofMillis(150))
            .as("such a message for " + userId)
            .until(
                () -> messages(platform, corpId, userId, after),
                a -> a.stream().map(JsonObject.class::cast).anyMatch(p));
    return find(seen, p);
  }

  static JsonObject find(JsonArray a, Predicate<JsonObject> p) {
    return a.stream()
        .map(JsonObject.class::cast)
        .filter(p)
        .findFirst()
        .orElseThrow(() -> new AssertionError("not in " + a.encode()));
  }

  static HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.getAbs(base + path).send(), WITHIN);
  }

  static HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
    return await(client.postAbs(base + path).sendJsonObject(body), WITHIN);
  }
}
