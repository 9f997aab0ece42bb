package com.chatcrm.server.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person who types (or a platform that calls back) while the service is still starting: the first
 * start of a fresh data directory, hammered from the moment its port opens until it says it is up.
 */
class StartupJourneyIT {

  @TempDir Path workDir;

  @Test
  @DisplayName("requests during start-up get 503 at once, and the start is not disturbed by them")
  void busyDuringStartUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + port;
    TreeSet<Integer> beforeUp = new TreeSet<>();
    try (PackagedService service =
        new PackagedService(workDir, Map.of("CRM_HTTP_PORT", String.valueOf(port)))) {
      service.launch();
      Eventually.within(Duration.ofSeconds(180))
          .as("up or gone")
          .until(
              () -> {
                if (service.isUp() || !service.isAlive()) {
                  return true;
                }
                for (HttpRequest r :
                    new HttpRequest[] {
                      HttpRequest.newBuilder(URI.create(base + "/health"))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpRequest.newBuilder(URI.create(base + "/sandbox/api/say"))
                          .timeout(Duration.ofSeconds(5))
                          .header("content-type", "application/json")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  new JsonObject()
                                      .put("platform", "dingtalk")
                                      .put("corpId", "dingsandbox0001")
                                      .put("userId", "staff02")
                                      .put("text", "待办")
                                      .encode(),
                                  StandardCharsets.UTF_8))
                          .build()
                    }) {
                  try {
                    int status = http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (!service.isUp()) {
                      beforeUp.add(status);
                    }
                  } catch (java.io.IOException notListeningYet) {
                    // the port is not open yet
                  }
                }
                return false;
              });
      assertThat(service.isAlive())
          .as("the service survived requests during its start:\n" + service.log())
          .isTrue();
      JourneyClient client = service.awaitUp();
      assertThat(beforeUp).as("answers before it was up").isSubsetOf(503);
      assertThat(client.get("/health").status()).isEqualTo(200);
      BotMessage todo = client.chat("dingtalk", "dingsandbox0001", "staff02").ask("待办");
      assertThat(todo.text()).containsPattern("[\\u4e00-\\u9fa5]");
    }
  }
}
