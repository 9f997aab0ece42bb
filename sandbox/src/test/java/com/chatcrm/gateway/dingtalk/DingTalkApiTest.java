package com.chatcrm.gateway.dingtalk;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The DingTalk client against the sandbox over real HTTP: both tokens, refresh, throttling,
 * failures.
 */
class DingTalkApiTest {

  /** How long this class waits for a future, as before the shared helper. */
  private static final Duration WITHIN = Duration.ofSeconds(20);

  static Vertx vertx;
  static DingTalkSandbox sandbox;
  static HttpServer server;
  static WebClient client;
  static final SandboxDingTalkCorp corp = SandboxCorps.dingyun();

  DingTalkApi api;

  @BeforeAll
  static void startSandbox() throws Exception {
    vertx = Vertx.vertx();
    sandbox = new DingTalkSandbox(vertx).addCorp(corp);
    server = await(vertx.createHttpServer().requestHandler(sandbox.router()).listen(0), WITHIN);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close(), WITHIN);
  }

  static DingTalkApp app(String secret) {
    return new DingTalkApp(
        corp.corpId(),
        corp.appKey(),
        secret,
        corp.robotCode(),
        corp.agentId(),
        corp.eventToken(),
        corp.eventAesKey(),
        null,
        corp.miniAppUrl());
  }

  DingTalkApi api(DingTalkApp app) {
    String base = "http://127.0.0.1:" + server.actualPort();
    return new DingTalkApi(
        vertx,
        client,
        base,
        base,
        app,
        new Backoff(4, Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  @BeforeEach
  void freshClient() {
    sandbox.faults().clear();
    api = api(app(corp.appSecret()));
  }

  static JsonObject oto(String user, String content) {
    return new JsonObject()
        .put("robotCode", corp.robotCode())
        .put("userIds", new JsonArray().add(user))
        .put("msgKey", "sampleText")
        .put("msgParam", new JsonObject().put("content", content).encode());
  }

  private long count(String path) {
    return sandbox.calls(path).size();
  }

  @Test
  @DisplayName(
      "each token is fetched once and reused; the new one travels in the header, the legacy one in the query")
  void tokensAreFetchedOnceAndReused() throws Exception {
    long newBefore = count("/v1.0/oauth2/accessToken");
    long legacyBefore = count("/gettoken");
    for (int i = 0; i < 3; i++) {
      assertThat(
              await(
                      api.post("/v1.0/robot/oToMessages/batchSend", oto("staff02", "第" + i + "条")),
                      WITHIN)
                  .getString("processQueryKey"))
          .isNotBlank();
      assertThat(
              await(
                      api.topapi("/topapi/v2/user/get", new JsonObject().put("userid", "staff02")),
                      WITHIN)
                  .getJsonObject("result")
                  .getString("name"))
          .isEqualTo("钱进");
    }
    assertThat(count("/v1.0/oauth2/accessToken") - newBefore).isEqualTo(1);
    assertThat(count("/gettoken") - legacyBefore).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an invalidated token is refreshed once on both APIs and the call still goes through, once")
  void invalidTokenIsRefreshedOnce() throws Exception {
    await(api.post("/v1.0/robot/oToMessages/batchSend", oto("staff02", "预热")), WITHIN);
    await(api.topapi("/topapi/v2/user/get", new JsonObject().put("userid", "staff02")), WITHIN);
    long seq = sandbox.lastSeq();
    sandbox.expireTokens();

    await(api.post("/v1.0/robot/oToMessages/batchSend", oto("staff03", "令牌失效后")), WITHIN);
    await(api.topapi("/topapi/v2/user/get", new JsonObject().put("userid", "staff03")), WITHIN);

    assertThat(sandbox.calls(seq))
        .extracting(
            c ->
                c.path()
                    + " "
                    + (c.answer().containsKey("httpStatus")
                        ? c.answer().getValue("httpStatus")
                            + (c.answer().containsKey("code")
                                ? " " + c.answer().getString("code")
                                : "")
                        : c.answer().getValue("errcode")))
        .containsExactly(
            "/v1.0/robot/oToMessages/batchSend 400 InvalidAuthentication",
            "/v1.0/oauth2/accessToken 200",
            "/v1.0/robot/oToMessages/batchSend 200",
            "/topapi/v2/user/get 88",
            "/gettoken 0",
            "/topapi/v2/user/get 0");
  }

  @Test
  @DisplayName("wrong app credentials are reported, not looped on")
  void wrongSecretIsReported() {
    DingTalkApi wrong = api(app("not-the-secret"));
    assertThatThrownBy(
            () ->
                await(wrong.post("/v1.0/robot/oToMessages/batchSend", oto("staff02", "x")), WITHIN))
        .isInstanceOf(PlatformError.class)
        .hasMessageContaining("invalidClientIdOrSecret");
    JsonObject staff02 = new JsonObject().put("userid", "staff02");
    assertThatThrownBy(() -> await(wrong.topapi("/topapi/v2/user/get", staff02), WITHIN))
        .isInstanceOf(PlatformError.class)
        .extracting("errcode")
        .isEqualTo(40096);
  }

  @Test
  @DisplayName("throttling answers are backed off exponentially and the call is delivered later")
  void throttlingIsBackedOff() throws Exception {
    await(api.accessToken(), WITHIN);
    await(api.legacyToken(), WITHIN);
    long seq = sandbox.lastSeq();
    sandbox.faults().rateLimitNext(2);
    long started = System.nanoTime();
    await(api.post("/v1.0/robot/oToMessages/batchSend", oto("staff02", "限流后送达")), WITHIN);
    assertThat(sandbox.calls(seq))
        .extracting(c -> c.answer().getString("code", "ok"))
        .containsExactly("send.too.fast", "send.too.fast", "ok");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("waited 20 + 40 ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(60));

    long seq2 = sandbox.lastSeq();
    sandbox.faults().rateLimitNext(1);
    await(api.topapi("/topapi/v2/user/get", new JsonObject().put("userid", "staff02")), WITHIN);
    assertThat(sandbox.calls(seq2))
        .extracting(c -> c.answer().getInteger("errcode"))
        .containsExactly(90002, 0);
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    await(api.accessToken(), WITHIN);
    sandbox.faults().failNext(2);
    assertThat(
            await(api.post("/v1.0/robot/oToMessages/batchSend", oto("staff02", "502 后重试")), WITHIN)
                .getString("processQueryKey"))
        .isNotBlank();
  }

  @Test
  void aLimitThatOutlastsTheRetriesIsReported() throws Exception {
    await(api.accessToken(), WITHIN);
    sandbox.faults().rateLimitNext(10);
    assertThatThrownBy(
            () ->
                await(
                    api.post("/v1.0/robot/oToMessages/batchSend", oto("staff02", "一直限流")), WITHIN))
        .isInstanceOf(PlatformError.class)
        .hasMessageContaining("send.too.fast")
        .extracting("permanent")
        .isEqualTo(false);
    sandbox.faults().clear();
  }

  @Test
  @DisplayName(
      "a request DingTalk calls wrong fails as permanent, so the outbox parks it instead of retrying")
  void badRequestsArePermanent() throws Exception {
    assertThatThrownBy(
            () -> await(api.post("/v1.0/robot/oToMessages/batchSend", oto("nobody", "x")), WITHIN))
        .isInstanceOf(PlatformError.class)
        .hasMessageContaining("staffId.notExisted")
        .extracting("permanent")
        .isEqualTo(true);
    JsonObject objectParam =
        oto("staff02", "x").put("msgParam", new JsonObject().put("content", "x"));
    assertThatThrownBy(
            () -> await(api.post("/v1.0/robot/oToMessages/batchSend", objectParam), WITHIN))
        .hasMessageContaining("msgParam");
  }

  @Test
  @DisplayName("auth code → user id, and the jsapi ticket")
  void authCodeAndTicket() throws Exception {
    String code = sandbox.issueAuthCode(corp.corpId(), "staff03");
    JsonObject who =
        await(
            api.topapi("/topapi/v2/user/getuserinfo", new JsonObject().put("code", code)), WITHIN);
    assertThat(who.getJsonObject("result").getString("userid")).isEqualTo("staff03");
    JsonObject byCode = new JsonObject().put("code", code);
    assertThatThrownBy(() -> await(api.topapi("/topapi/v2/user/getuserinfo", byCode), WITHIN))
        .isInstanceOf(PlatformError.class)
        .extracting("errcode")
        .isEqualTo(40078);
    assertThat(await(api.oapiGet("/get_jsapi_ticket", Map.of()), WITHIN).getString("ticket"))
        .contains(corp.corpId());
    String authCode = sandbox.issueAuthCode(corp.corpId(), "staff02");
    assertThat(await(api.userIdByAuthCode(authCode), WITHIN)).isEqualTo("staff02");
    assertThat(await(api.jsapiTicket(), WITHIN)).contains(corp.corpId());
  }
}
