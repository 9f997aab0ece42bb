package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.config.ConfigLoader;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.webform.LeadWebhookSignature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #20: a company's web form sends leads to {@code POST /webhooks/{tenant}/leads}, signed with
 * the secret the operator's {@code tenant lead-webhook} made — over the service's real HTTP, with
 * the sandbox company 华信科技, its 分配规则 set in the mini-app and the leads read back there.
 */
class LeadWebhookTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static final String OPERATOR_TOKEN = "operator-token-for-the-lead-webhook-test-0123";
  static final String CORP = "wwhuaxin0001";
  static final HttpClient http = HttpClient.newHttpClient();
  static CrmServer server;
  static Map<String, String> env;
  static String secret;
  static String url;

  @BeforeAll
  static void start() {
    env =
        new HashMap<>(
            Map.of(
                "CRM_DB_URL",
                db.url(),
                "CRM_HTTP_PORT",
                "0",
                "CRM_OPERATOR_TOKEN",
                OPERATOR_TOKEN));
    server = CrmServer.start(new ConfigLoader(env, new Properties()).load());
    // the operator's command, as docs/deploy.md shows it: the URL and the secret, shown once
    Map<String, String> tool = new HashMap<>(env);
    tool.put("CRM_HTTP_PORT", String.valueOf(server.httpPort()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        new OperatorTool(tool, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
            .run(new String[] {"tenant", "lead-webhook", "--platform", "wecom", "--corp-id", CORP});
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    secret = group(printed, "secret: ([0-9a-f]{64})");
    url = group(printed, "URL: +(\\S+)");
    assertThat(url).matches(".*/webhooks/\\d+/leads");
    assertThat(printed).contains("只显示这一次");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  static String path() {
    return URI.create(url).getPath();
  }

  static HttpResponse<String> send(String path, String timestamp, String signature, String body)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (timestamp != null) {
      req.header("X-CRM-Timestamp", timestamp);
    }
    if (signature != null) {
      req.header("X-CRM-Signature", signature);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static String now() {
    return String.valueOf(System.currentTimeMillis() / 1000);
  }

  static HttpResponse<String> signed(String secretKey, String timestamp, String body)
      throws Exception {
    return send(
        path(),
        timestamp,
        LeadWebhookSignature.sign(secretKey, timestamp, body.getBytes(StandardCharsets.UTF_8)),
        body);
  }

  static JsonObject lead(String company, String submissionId) {
    return new JsonObject()
        .put("company", company)
        .put("contact", "王芳")
        .put("phone", "1380013" + String.format("%04d", Math.abs(company.hashCode()) % 10000))
        .put("region", "浙江")
        .put("industry", "制造业")
        .put("note", "官网表单：想了解报价")
        .put("submissionId", submissionId);
  }

  static JsonObject ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  static String login(String userId) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/api/dev-login"))
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("corpId", CORP).put("userId", userId).encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return ok(r, 200).getString("token");
  }

  static HttpResponse<String> api(String token, String method, String path, JsonObject body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api" + path))
            .header("authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "a signed lead is captured once: the same submissionId again (signed anew) is the same lead, the same request again is a replay")
  void capturedOnce() throws Exception {
    String body = lead("杭州云帆科技有限公司", "form-0001").encode();
    String ts = now();
    JsonObject first = ok(signed(secret, ts, body), 200);
    assertThat(first.getBoolean("created")).isTrue();
    assertThat(first.getBoolean("duplicate")).isFalse();
    long id = first.getLong("id");

    HttpResponse<String> replay = signed(secret, ts, body);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(replay.body()).getString("code")).isEqualTo("replayed_signature");

    // the form retries later with a fresh signature: the same lead, nothing new
    JsonObject again = ok(signed(secret, String.valueOf(Long.parseLong(ts) + 1), body), 200);
    assertThat(again.getLong("id")).isEqualTo(id);
    assertThat(again.getBoolean("created")).isFalse();
    assertThat(again.getBoolean("duplicate")).isFalse();

    // another submission of the same company: the live lead is answered, nothing new is made
    JsonObject twin = ok(signed(secret, now(), lead("杭州云帆科技有限公司", "form-0002").encode()), 200);
    assertThat(twin.getLong("id")).isEqualTo(id);
    assertThat(twin.getBoolean("created")).isFalse();
    assertThat(twin.getBoolean("duplicate")).isTrue();
  }

  @Test
  @DisplayName(
      "an unknown company, a company without a webhook and a wrong signature get the same 401; a stale timestamp is refused")
  void refused() throws Exception {
    String body = lead("不会被记录的公司", "form-refused").encode();
    String ts = now();
    HttpResponse<String> wrongSecret = signed(LeadWebhookSignature.newSecret(), ts, body);
    HttpResponse<String> unknown =
        send(
            "/webhooks/987654321/leads",
            ts,
            LeadWebhookSignature.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)),
            body);
    HttpResponse<String> notANumber = send("/webhooks/abc/leads", ts, "00", body);
    HttpResponse<String> noSignature = send(path(), ts, null, body);
    for (HttpResponse<String> r :
        new HttpResponse[] {wrongSecret, unknown, notANumber, noSignature}) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(wrongSecret.body());
      assertThat(r.body()).doesNotContain(secret).doesNotContain("Exception");
    }
    assertThat(new JsonObject(wrongSecret.body()).getString("code")).isEqualTo("bad_signature");

    String stale = String.valueOf(System.currentTimeMillis() / 1000 - 6 * 60);
    HttpResponse<String> old = signed(secret, stale, body);
    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(old.body()).getString("code")).isEqualTo("stale_timestamp");
    assertThat(new JsonObject(old.body()).getString("message")).contains("5 分钟");

    // a body that was signed differently from what arrives
    String tampered = body.replace("不会被记录", "篡改");
    HttpResponse<String> changed =
        send(
            path(),
            ts,
            LeadWebhookSignature.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)),
            tampered);
    assertThat(changed.body()).isEqualTo(wrongSecret.body());

    String admin = login("zhangsan");
    JsonArray found =
        ok(api(admin, "GET", "/leads?scope=pool&q=%E4%B8%8D%E4%BC%9A", null), 200)
            .getJsonArray("items");
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("bad fields are a 400 naming the field; a body over 16 KB is a 413")
  void badFields() throws Exception {
    JsonObject noCompany = lead("x", "form-bad-1");
    noCompany.remove("company");
    JsonObject missing = ok(signed(secret, now(), noCompany.encode()), 400);
    assertThat(missing.getString("code")).isEqualTo("invalid_input");
    assertThat(missing.getJsonObject("details").getString("field")).isEqualTo("company");
    assertThat(missing.getString("message")).contains("公司名称");

    JsonObject phones = lead("电话不对的公司", "form-bad-2").put("phones", "13800138000");
    assertThat(
            ok(signed(secret, now(), phones.encode()), 400)
                .getJsonObject("details")
                .getString("field"))
        .isEqualTo("phones");

    HttpResponse<String> notJson = signed(secret, now(), "company=华信");
    assertThat(notJson.statusCode()).isEqualTo(400);

    String huge = lead("很长的公司", "form-bad-3").put("note", "长".repeat(9000)).encode();
    HttpResponse<String> tooLarge = signed(secret, now(), huge);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooLarge.body()).getString("code")).isEqualTo("too_large");
  }

  @Test
  @DisplayName(
      "with a round-robin rule for 华南组 set in 设置, web-form leads go to 郑十 and 冯一 in turn, each seeing theirs under 我的线索")
  void roundRobin() throws Exception {
    String admin = login("zhangsan");
    JsonObject rules = ok(api(admin, "GET", "/lead-assignment-rules", null), 200);
    long south =
        rules.getJsonArray("departments").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("name").equals("华南组"))
            .findFirst()
            .orElseThrow()
            .getLong("id");
    JsonObject rule = new JsonObject().put("kind", "round_robin").put("departmentId", south);
    JsonObject saved =
        ok(
            api(
                admin,
                "PUT",
                "/lead-assignment-rules",
                new JsonObject().put("rules", new JsonArray().add(rule))),
            200);
    assertThat(saved.getJsonArray("items").getJsonObject(0).getString("departmentName"))
        .isEqualTo("华南组");
    // a rep may not see or change the rules
    assertThat(api(login("lisi"), "GET", "/lead-assignment-rules", null).statusCode())
        .isEqualTo(403);

    long a = ok(signed(secret, now(), lead("广州南风贸易", "form-rr-1").encode()), 200).getLong("id");
    long b = ok(signed(secret, now(), lead("深圳海岸电子", "form-rr-2").encode()), 200).getLong("id");
    String zheng = login("zhengshi");
    String feng = login("fengyi");
    JsonObject leadA = ok(api(zheng, "GET", "/leads/" + a, null), 200);
    String ownerA = leadA.getString("ownerName");
    assertThat(ownerA).isIn("郑十", "冯一");
    assertThat(leadA.getString("sourceLabel")).isEqualTo("网页表单");
    String ownerB = ok(api(admin, "GET", "/leads/" + b, null), 200).getString("ownerName");
    assertThat(ownerB).isIn("郑十", "冯一").isNotEqualTo(ownerA);
    String holderOfA = ownerA.equals("郑十") ? zheng : feng;
    assertThat(
            ok(api(holderOfA, "GET", "/leads?scope=mine", null), 200).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getLong("id")))
        .contains(a)
        .doesNotContain(b);
    // 李四 of 销售一部 sees neither: 404 as for a lead that does not exist
    assertThat(api(login("lisi"), "GET", "/leads/" + a, null).statusCode()).isEqualTo(404);
    // the rep the rule picked is told in chat, with the way to work it
    String card =
        com.chatcrm.engine.testing.Eventually.eventually(
            () -> botMessages(ownerA.equals("郑十") ? "zhengshi" : "fengyi"),
            m -> m.contains("新线索分配给你：广州南风贸易"));
    assertThat(card).contains("网页表单", "转客户");
    assertThat(botMessages("lisi")).doesNotContain("广州南风贸易");
  }

  /** What the sandbox's WeCom chat shows a member, as one text. */
  static String botMessages(String userId) {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + server.httpPort()
                              + "/sandbox/api/messages?platform=wecom&corpId="
                              + CORP
                              + "&userId="
                              + userId
                              + "&after=0"))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  @DisplayName(
      "a new secret from the operator API replaces the old one at once; a disabled company is refused")
  void rotateAndDisable() throws Exception {
    HttpResponse<String> rotated = operator("lead-webhook");
    JsonObject answer = ok(rotated, 200);
    String fresh = answer.getString("secret");
    assertThat(fresh).hasSize(64).isNotEqualTo(secret);
    assertThat(answer.getString("url")).isEqualTo(url);
    String old = secret;
    secret = fresh;
    String body = lead("轮换后的公司", "form-rotate").encode();
    assertThat(signed(old, now(), body).statusCode()).isEqualTo(401);

    ok(operator("disable"), 200);
    try {
      HttpResponse<String> disabled = signed(fresh, now(), body);
      assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(403);
      assertThat(new JsonObject(disabled.body()).getString("code")).isEqualTo("tenant_disabled");
    } finally {
      ok(operator("enable"), 200);
    }
    assertThat(signed(fresh, now(), body).statusCode()).isEqualTo(200);
  }

  /** {@code POST /operator/tenants/wecom/<corp>/<what>} with the operator token. */
  static HttpResponse<String> operator(String what) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + server.httpPort()
                        + "/operator/tenants/wecom/"
                        + CORP
                        + "/"
                        + what))
            .header("authorization", "Bearer " + OPERATOR_TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
