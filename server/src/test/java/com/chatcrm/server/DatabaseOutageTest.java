package com.chatcrm.server;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.chatcrm.config.ConfigLoader;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.server.testing.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What an operator reads when the database goes away under load and comes back: one WARN when it
 * starts, one INFO with counts when it ends — no stack trace per request — and users get a 503 that
 * says so.
 */
class DatabaseOutageTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static TcpProxy proxy;
  private static CrmServer server;

  @BeforeAll
  static void start() throws Exception {
    DatabaseLocation pg = db.location();
    proxy = new TcpProxy(pg.host(), pg.port());
    String url = "postgresql://" + pg.user() + "@127.0.0.1:" + proxy.port() + "/" + pg.database();
    server =
        CrmServer.start(
            new ConfigLoader(
                    Map.of(
                        "CRM_DB_URL",
                        url,
                        "CRM_HTTP_PORT",
                        "0",
                        "CRM_REMINDERS_TICK_MILLIS",
                        "200"),
                    new Properties())
                .load());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    proxy.close();
  }

  @Test
  @DisplayName(
      "a database outage is one WARN and one INFO with counts; requests meanwhile get 503, not a stack trace")
  void outageIsLoggedOnce() throws Exception {
    String token =
        new JsonObject(
                send(
                        "POST",
                        "/api/dev-login",
                        null,
                        "{\"platform\":\"wecom\",\"corpId\":\"wwhuaxin0001\",\"userId\":\"zhangsan\"}")
                    .body())
            .getString("token");
    assertThat(send("GET", "/api/customers", token, null).statusCode()).isEqualTo(200);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // as a database restart does: every session is told it is terminated (57P01), then nothing
      // answers
      await(
          db.pool()
              .query(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                      + " AND pid <> pg_backend_pid()")
              .execute());
      proxy.down();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> api = send("GET", "/api/customers", token, null);
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(api.body()).getString("code")).isEqualTo("unavailable");
        assertThat(new JsonObject(api.body()).getString("message")).contains("暂时不可用");
        // a chat line: the sandbox signs it and posts it to our WeCom callback, which cannot record
        // it
        assertThat(
                send(
                        "POST",
                        "/sandbox/api/say",
                        null,
                        "{\"platform\":\"wecom\",\"corpId\":\"wwhuaxin0001\","
                            + "\"userId\":\"zhangsan\",\"text\":\"待办\"}")
                    .statusCode())
            .isNotEqualTo(200);
        Thread.sleep(100);
      }
      proxy.up();
      Eventually.within(Duration.ofSeconds(20))
          .every(Duration.ofMillis(100))
          .as("the database is back")
          .until(
              () ->
                  messages(log, Level.INFO).stream()
                      .anyMatch(m -> m.startsWith("Database is back")));
    } finally {
      root.detachAppender(log);
      System.setErr(stderr);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .as("printed to standard error")
        .doesNotContain("Exception");
    assertThat(send("GET", "/api/customers", token, null).statusCode()).isEqualTo(200);

    List<ILoggingEvent> problems =
        log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    assertThat(problems)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .startsWith("Database unavailable: ");
    assertThat(log.list).allMatch(e -> e.getThrowableProxy() == null, "no stack trace");
    assertThat(messages(log, Level.INFO))
        .filteredOn(m -> m.startsWith("Database is back"))
        .singleElement()
        .asString()
        .matches(
            "Database is back after \\d+ s: (\\d{2,}) requests were answered 503 and \\d+ background"
                + " passes failed meanwhile");
  }

  private static List<String> messages(ListAppender<ILoggingEvent> log, Level level) {
    return log.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
