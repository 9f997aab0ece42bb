package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.config.ConfigLoader;
import com.chatcrm.config.CrmConfig;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.TestPostgres;
import com.chatcrm.miniapp.DailyChartLinks;
import com.chatcrm.miniapp.MiniAppConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthAndMetricsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  private static final String SESSION_KEY = "health-test-session-key-0123456789abcdef";
  private static CrmServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    CrmConfig config =
        new ConfigLoader(
                Map.of(
                    "CRM_DB_URL",
                    db.url(),
                    "CRM_HTTP_PORT",
                    "0",
                    "CRM_MINIAPP_SESSION_KEY",
                    SESSION_KEY),
                new Properties())
            .load();
    server = CrmServer.start(config);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void healthIsUpWithTheDatabaseChecked() throws Exception {
    HttpResponse<String> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("status")).isEqualTo("UP");
    JsonObject check = check(body, "database");
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getLong("latencyMs")).isNotNull();
    // the details say how the database is doing, never where it is or who connects (issue #21
    // defect 7)
    assertThat(response.body())
        .doesNotContain(db.location().database())
        .doesNotContain(db.location().host())
        .doesNotContain(db.location().user() + "@")
        .doesNotContain(":" + db.location().port());
    JsonObject pushed = check(body, "pushedWork");
    assertThat(pushed.getString("status")).isEqualTo("UP");
    assertThat(pushed.getJsonObject("data").getJsonArray("schedulers")).hasSize(9);
  }

  @Test
  @Order(2)
  void metricsArePrometheusTextWithRequestsPoolAndJvm() throws Exception {
    get("/health");
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    assertThat(response.body())
        .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/health\"}")
        .contains(
            "vertx_http_server_response_time_seconds_count{code=\"200\",method=\"GET\",route=\"/health\"}")
        .contains("vertx_pool_in_use{pool_name=\"crm-db\",pool_type=\"sql\"}")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(3)
  void unknownPathsGetJson404() throws Exception {
    HttpResponse<String> response = get("/no/such/thing");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("not_found");
  }

  @Test
  @Order(4)
  void migrationsRanAtStartUp() throws Exception {
    try (var c =
            java.sql.DriverManager.getConnection(
                db.location().jdbcUrl(), db.location().user(), db.location().password());
        var rs = c.createStatement().executeQuery("SELECT to_regclass('tenant') IS NOT NULL")) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  @Order(5)
  void theDailyChartIsServedByALinkSignedWithTheConfiguredKey() throws Exception {
    long tenantId;
    long managerId;
    try (var c =
            java.sql.DriverManager.getConnection(
                db.location().jdbcUrl(), db.location().user(), db.location().password());
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT u.tenant_id, u.id FROM crm_user u JOIN tenant t"
                        + " USING (tenant_id) WHERE t.corp_id = 'wwhuaxin0001' AND u.platform_user_id = 'zhangsan'")) {
      assertThat(rs.next()).as("the sandbox company's 张三").isTrue();
      tenantId = rs.getLong(1);
      managerId = rs.getLong(2);
    }
    String url =
        new DailyChartLinks(
                "http://127.0.0.1:" + server.httpPort(),
                new MiniAppConfig(SESSION_KEY, java.time.Duration.ofMinutes(30), true),
                java.time.Clock.systemUTC())
            .dailyChartUrl(
                tenantId, managerId, java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
    HttpResponse<byte[]> png =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
    assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body())))
        .isNotNull();
    String path = url.substring(url.indexOf("/charts/"));
    assertThat(
            get(path.substring(0, path.length() - 1) + (path.endsWith("0") ? "1" : "0"))
                .statusCode())
        .as("the same link with its signature's last digit changed")
        .isEqualTo(403);
  }

  @Test
  @Order(6)
  void healthIs503WhenTheDatabaseIsGone() throws Exception {
    TestPostgres.dropDatabase(db.location());
    HttpResponse<String> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(503);
    JsonObject check = check(new JsonObject(response.body()), "database");
    assertThat(check.getString("status")).isEqualTo("DOWN");
    assertThat(check.getJsonObject("data").getString("error")).isNotBlank();
  }

  private static JsonObject check(JsonObject health, String id) {
    for (Object c : health.getJsonArray("checks")) {
      if (c instanceof JsonObject o && id.equals(o.getString("id"))) {
        return o;
      }
    }
    throw new AssertionError("no check " + id + " in " + health.encode());
  }
}
