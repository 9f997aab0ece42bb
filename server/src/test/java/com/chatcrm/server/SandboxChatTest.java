package com.chatcrm.server;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.config.ConfigLoader;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole service in sandbox mode: a WeCom message to its callback URL gets a reply through the
 * sandbox API.
 */
class SandboxChatTest {

  /** How long this class waits for a future, as before the shared helper. */
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static CrmServer server;
  static Vertx vertx;
  static WebClient client;

  @BeforeAll
  static void start() {
    server =
        CrmServer.start(
            new ConfigLoader(Map.of("CRM_DB_URL", db.url(), "CRM_HTTP_PORT", "0"), new Properties())
                .load());
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    server.stop();
    vertx.close();
  }

  @Test
  @DisplayName("a text typed in the sandbox WeCom company reaches the service and is answered")
  void textIsAnswered() throws Exception {
    String base = "http://127.0.0.1:" + server.httpPort();
    WeComCallbackSimulator wecom = new WeComCallbackSimulator(client, base + "/callback/wecom");
    int status =
        await(wecom.post(wecom.text(SandboxCorps.huaxin(), "lisi", "帮助")), WITHIN).statusCode();
    assertThat(status).isEqualTo(200);

    JsonObject reply =
        Eventually.within(Duration.ofSeconds(15))
            .every(Duration.ofMillis(100))
            .as("a reply to lisi")
            .untilPresent(
                () -> {
                  JsonArray calls =
                      await(client.getAbs(base + "/sandbox/wecom/_calls").send(), WITHIN)
                          .bodyAsJsonObject()
                          .getJsonArray("calls");
                  JsonObject last = null;
                  for (int i = 0; i < calls.size(); i++) {
                    JsonObject call = calls.getJsonObject(i);
                    if (call.getString("path").equals("/cgi-bin/message/send")
                        && "lisi".equals(call.getJsonObject("body").getString("touser"))) {
                      last = call.getJsonObject("body");
                    }
                  }
                  return last;
                });
    assertThat(reply.encode()).as("the command language's help").contains("帮助");
  }

  @Test
  @DisplayName(
      "a message to the sandbox DingTalk robot reaches the service and is answered in the conversation")
  void dingTalkMessageIsAnswered() throws Exception {
    String base = "http://127.0.0.1:" + server.httpPort();
    var sandbox = server.sandbox().dingTalkSandbox();
    var dingtalk =
        new com.chatcrm.sandbox.DingTalkCallbackSimulator(
            client, base + "/callback/dingtalk", sandbox, base + "/sandbox/dingtalk");
    var corp = com.chatcrm.sandbox.SandboxCorps.dingyun();
    int status =
        await(dingtalk.post(dingtalk.single(corp, "staff02", "帮助", Duration.ofMinutes(90))), WITHIN)
            .statusCode();
    assertThat(status).isEqualTo(200);
    Eventually.within(Duration.ofSeconds(15))
        .every(Duration.ofMillis(100))
        .as("the answer to 帮助 sent")
        .until(() -> sandbox.calls(0).stream().anyMatch(c -> c.body().encode().contains("帮助")));
    assertThat(sandbox.calls(0)).anySatisfy(c -> assertThat(c.body().encode()).contains("帮助"));
    // 打开 Chat CRM opens the mini-app where the other links do (the public URL), logged in to this
    // company
    String app = "http://localhost:" + server.httpPort() + "/m/?corpId=" + corp.corpId();
    assertThat(sandbox.calls(0))
        .anySatisfy(c -> assertThat(c.body().encode()).contains("打开 Chat CRM").contains(app));
    assertThat(sandbox.calls(0))
        .noneSatisfy(
            c -> assertThat(c.body().encode()).contains("127.0.0.1:" + server.httpPort() + "/m/"));
  }
}
