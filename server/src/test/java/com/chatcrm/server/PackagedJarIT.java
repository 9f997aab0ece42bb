package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.server.journey.JourneyClient;
import com.chatcrm.server.journey.PackagedService;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar the README tells people to run, run as they would: it starts, answers /health and the
 * sandbox, and stops cleanly on SIGTERM. Catches what unit tests cannot: a class missing from the jar.
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
}
