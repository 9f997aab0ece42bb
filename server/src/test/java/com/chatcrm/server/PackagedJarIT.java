package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.server.journey.JourneyClient;
import com.chatcrm.server.journey.PackagedService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar the README tells people to run, run as they would: it starts, answers /health and the
 * sandbox, and stops cleanly on SIGTERM. Catches what unit tests cannot: a class missing from the
 * jar.
 */
class PackagedJarIT {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  @TempDir Path workDir;

  @Test
  @DisplayName("java -jar chat-crm.jar starts, serves, and stops on SIGTERM")
  void theJarRuns() throws Exception {
    PackagedService service = new PackagedService(workDir, Map.of("CRM_DB_URL", db.url()));
    try (service) {
      JourneyClient client = service.start();
      assertThat(client.get("/health").status()).isEqualTo(200);
      assertThat(client.get("/sandbox/wecom/_calls").status()).isEqualTo(200);
      service.stop(); // SIGTERM, as systemd or Ctrl-C would; fails unless it ends within 60 s
    }
    assertThat(service.log()).contains("Chat CRM stopped").doesNotContain("\tat ");
  }

  @Test
  @DisplayName(
      "CRM_PROFILE=prod with the sandbox switched on refuses to start: exit 2 and one line")
  void prodRefusesTheSandbox() throws Exception {
    PackagedService service =
        new PackagedService(
            workDir,
            Map.of(
                "CRM_PROFILE", "prod",
                "CRM_SANDBOX_ENABLED", "true",
                "CRM_DB_URL", db.url(),
                "CRM_MINIAPP_SESSION_KEY", "0123456789abcdef0123456789abcdef"));
    try (service) {
      service.launch();
      assertThat(service.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
    }
    assertThat(service.log().strip().lines().toList())
        .containsExactly(
            "Chat CRM cannot start: sandbox.enabled: the prod profile refuses the sandbox (from CRM_SANDBOX_ENABLED);"
                + " switch it off there, or try the sandbox with CRM_PROFILE=dev");
  }
}
