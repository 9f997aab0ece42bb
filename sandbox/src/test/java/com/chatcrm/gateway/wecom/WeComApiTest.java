package com.chatcrm.gateway.wecom;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The WeCom client against the sandbox over real HTTP: tokens, refresh, throttling, failures. */
class WeComApiTest {

  /** How long this class waits for a future, as before the shared helper. */
  private static final Duration WITHIN = Duration.ofSeconds(20);

  static Vertx vertx;
  static WeComSandbox sandbox;
  static HttpServer server;
  static WebClient client;
  static SandboxCorp corp = SandboxCorps.huaxin();

  WeComApi api;

  @BeforeAll
  static void startSandbox() throws Exception {
    vertx = Vertx.vertx();
    sandbox = new WeComSandbox(vertx).addCorp(corp);
    server = await(vertx.createHttpServer().requestHandler(sandbox.router()).listen(0), WITHIN);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close(), WITHIN);
  }

  @BeforeEach
  void freshClient() {
    sandbox.faults().clear();
    api =
        new WeComApi(
            vertx,
            client,
            "http://127.0.0.1:" + server.actualPort(),
            corp.app(),
            new Backoff(4, Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  private static JsonObject text(String to, String content) {
    return new JsonObject()
        .put("touser", to)
        .put("msgtype", "text")
        .put("agentid", corp.agentId())
        .put("text", new JsonObject().put("content", content));
  }

  private long count(String path) {
    return sandbox.calls(path).size();
  }

  @Test
  void theTokenIsFetchedOnceAndReused() throws Exception {
    long before = count("/cgi-bin/gettoken");
    for (int i = 0; i < 3; i++) {
      assertThat(
              await(api.post("/cgi-bin/message/send", text("zhangsan", "第" + i + "条")), WITHIN)
                  .getInteger("errcode"))
          .isZero();
    }
    assertThat(count("/cgi-bin/gettoken") - before).isEqualTo(1);
  }

  @Test
  @DisplayName("a token expiring mid-run is refreshed once and the message still goes out, once")
  void expiredTokenIsRefreshedOnce() throws Exception {
    await(api.post("/cgi-bin/message/send", text("zhangsan", "预热")), WITHIN);
    long tokensBefore = count("/cgi-bin/gettoken");
    long seq = sandbox.calls(0).get(sandbox.calls(0).size() - 1).seq();
    sandbox.expireTokens();

    JsonObject answer = await(api.post("/cgi-bin/message/send", text("lisi", "令牌过期后")), WITHIN);

    assertThat(answer.getInteger("errcode")).isZero();
    assertThat(count("/cgi-bin/gettoken") - tokensBefore).isEqualTo(1);
    assertThat(sandbox.calls(seq).stream().filter(c -> c.path().equals("/cgi-bin/message/send")))
        .extracting(c -> c.answer().getInteger("errcode"))
        .containsExactly(42001, 0);
  }

  @Test
  @DisplayName("a frequency-limit answer is backed off and delivered later")
  void rateLimitIsBackedOff() throws Exception {
    await(api.accessToken(), WITHIN);
    long seq = sandbox.calls(0).get(sandbox.calls(0).size() - 1).seq();
    sandbox.faults().rateLimitNext(2);
    long started = System.nanoTime();

    JsonObject answer = await(api.post("/cgi-bin/message/send", text("zhangsan", "限流后送达")), WITHIN);

    assertThat(answer.getInteger("errcode")).isZero();
    assertThat(sandbox.calls(seq))
        .extracting(c -> c.answer().getInteger("errcode"))
        .containsExactly(45009, 45009, 0);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("waited 20 + 40 ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(60));
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    await(api.accessToken(), WITHIN);
    sandbox.faults().failNext(1);
    assertThat(
            await(api.post("/cgi-bin/message/send", text("zhangsan", "502 后重试")), WITHIN)
                .getInteger("errcode"))
        .isZero();
  }

  @Test
  void aLimitThatOutlastsTheRetriesIsReported() throws Exception {
    await(api.accessToken(), WITHIN);
    sandbox.faults().rateLimitNext(10);
    assertThatThrownBy(
            () -> await(api.post("/cgi-bin/message/send", text("zhangsan", "一直限流")), WITHIN))
        .isInstanceOf(PlatformError.class)
        .extracting("errcode")
        .isEqualTo(45009);
  }

  @Test
  void aWrongSecretIsReportedNotLooped() {
    WeComApi wrong =
        new WeComApi(
            vertx,
            client,
            "http://127.0.0.1:" + server.actualPort(),
            new WeComApp(
                corp.corpId(),
                corp.agentId(),
                "not-the-secret",
                corp.callbackToken(),
                corp.encodingAesKey()),
            new Backoff(4, Duration.ofMillis(20), Duration.ofMillis(200)));
    assertThatThrownBy(
            () -> await(wrong.post("/cgi-bin/message/send", text("zhangsan", "x")), WITHIN))
        .isInstanceOf(PlatformError.class)
        .extracting("errcode")
        .isEqualTo(40001);
  }
}
