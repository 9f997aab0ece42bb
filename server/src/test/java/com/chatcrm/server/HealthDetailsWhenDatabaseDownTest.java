package com.chatcrm.server;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.config.HttpConfig;
import com.chatcrm.config.ManagementConfig;
import com.chatcrm.engine.db.DatabaseOutage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #21 defect 7: when the database cannot be reached, even the detailed /health says only what
 * kind of failure it is — the driver's message, which names the host, port and user, stays out of
 * the answer.
 */
class HealthDetailsWhenDatabaseDownTest {

  @Test
  @DisplayName(
      "a failed database check reports its kind, not the driver's message with host, port and user")
  void failedCheckNamesNoLocation() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool unreachable =
          PgBuilder.pool()
              .connectingTo(
                  new PgConnectOptions()
                      .setHost("127.0.0.1")
                      .setPort(closedPort)
                      .setUser("secret_crm_user")
                      .setDatabase("secret_crm_db"))
              .using(vertx)
              .build();
      HttpVerticle http =
          new HttpVerticle(
              new HttpConfig("127.0.0.1", 0, Duration.ofSeconds(1), Optional.empty()),
              unreachable,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              new JsonObject().put("embedded", false),
              new SchedulerWatch(Duration.ofSeconds(1)),
              new ManagementAccess(new ManagementConfig(Optional.empty(), true)),
              new DatabaseOutage(vertx, unreachable));
      await(vertx.deployVerticle(http), Duration.ofSeconds(10));
      http.mount(List.of());
      http.ready();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + http.actualPort() + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body())
          .contains("\"database\"")
          .contains("\"error\"")
          .doesNotContain("secret_crm_user")
          .doesNotContain("secret_crm_db")
          .doesNotContain(String.valueOf(closedPort))
          .doesNotContain("127.0.0.1");
    } finally {
      await(vertx.close(), Duration.ofSeconds(10));
    }
  }
}
