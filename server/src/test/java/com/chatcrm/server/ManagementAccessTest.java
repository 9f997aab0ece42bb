package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.config.ConfigLoader;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 defect 7: in production the public {@code /health} says only UP or DOWN, and {@code
 * /metrics} and the health details answer only to the management token — with none configured,
 * nobody gets them.
 */
class ManagementAccessTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static final String TOKEN = "management-token-for-the-test-0123456789";
  static final HttpClient http = HttpClient.newHttpClient();
  static CrmServer withoutToken;
  static CrmServer withToken;

  @BeforeAll
  static void start() {
    withoutToken = CrmServer.start(new ConfigLoader(prod(null), new Properties()).load());
    withToken = CrmServer.start(new ConfigLoader(prod(TOKEN), new Properties()).load());
  }

  @AfterAll
  static void stop() {
    for (CrmServer s : new CrmServer[] {withoutToken, withToken}) {
      if (s != null) {
        s.stop();
      }
    }
  }

  static Map<String, String> prod(String token) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "CRM_PROFILE",
                "prod",
                "CRM_DB_URL",
                db.url(),
                "CRM_HTTP_PORT",
                "0",
                "CRM_HTTP_HOST",
                "127.0.0.1",
                "CRM_MINIAPP_SESSION_KEY",
                "management-test-session-key-0123456789abcdef"));
    env.put("CRM_SECRETS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    if (token != null) {
      env.put("CRM_MANAGEMENT_TOKEN", token);
    }
    return env;
  }

  static HttpResponse<String> get(CrmServer server, String path, String authorization)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void refused(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("code")).isEqualTo("unauthorized");
    assertThat(body.getString("message")).containsPattern("\\p{IsHan}");
    assertThat(r.body()).doesNotContain(TOKEN).doesNotContain("jvm_").doesNotContain("vertx_");
  }

  @Test
  @DisplayName(
      "the public /health is {status: UP} and nothing else, with or without a token configured")
  void publicHealth() throws Exception {
    for (CrmServer server : new CrmServer[] {withoutToken, withToken}) {
      HttpResponse<String> r = get(server, "/health", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("status", "UP"));
    }
    assertThat(get(withToken, "/health", "Bearer wrong-token").body())
        .isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  @DisplayName("prod without a token: /metrics is 401 in JSON, for any credentials")
  void metricsClosedWithoutToken() throws Exception {
    refused(get(withoutToken, "/metrics", null));
    refused(get(withoutToken, "/metrics", "Bearer "));
    refused(get(withoutToken, "/metrics", "Bearer anything-at-all"));
  }

  @Test
  @DisplayName("with a token: /metrics and the health details answer to exactly that bearer token")
  void tokenOpensMetricsAndDetails() throws Exception {
    refused(get(withToken, "/metrics", null));
    refused(get(withToken, "/metrics", "Bearer " + TOKEN.substring(1)));
    refused(get(withToken, "/metrics", "Basic " + TOKEN));
    HttpResponse<String> metrics = get(withToken, "/metrics", "Bearer " + TOKEN);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");

    HttpResponse<String> health = get(withToken, "/health", "Bearer " + TOKEN);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonObject details = new JsonObject(health.body());
    assertThat(details.getJsonArray("checks").encode())
        .contains("database", "latencyMs", "pushedWork");
    assertThat(health.body())
        .doesNotContain(db.location().database())
        .doesNotContain(db.location().user() + "@");
  }
}
