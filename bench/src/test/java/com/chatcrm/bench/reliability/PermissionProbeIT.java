package com.chatcrm.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.testing.ConsoleLine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of the permissions probe: the packaged service (dev profile, sandbox companies
 * and their demo data) on a fresh database, 500 randomized mini-app requests across both companies'
 * members, and not one leak or wrong write by the independent oracle.
 */
class PermissionProbeIT {

  private static final Pattern UP = Pattern.compile("Chat CRM is up on http://localhost:(\\d+)");
  private static final String DATABASE = "crm_it_permission_probe";

  @TempDir static Path workDir;

  private static Process service;
  private static Path log;
  private static String baseUrl;
  private static DatabaseLocation database;

  @BeforeAll
  static void startService() throws Exception {
    String url = System.getenv("CRM_TEST_DB_URL");
    DatabaseLocation admin =
        DatabaseLocation.fromUrl(
            url == null || url.isBlank() ? "postgresql://postgres@127.0.0.1:5432/postgres" : url);
    try (Connection c = BenchDatabase.connect(admin);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
    }
    database = admin.withDatabase(DATABASE);
    Path jar = Path.of("..", "server", "target", "chat-crm.jar").toAbsolutePath().normalize();
    assertThat(jar).as("the packaged service (mvn package of server) must exist").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString()).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CRM_"));
    pb.environment().put("CRM_PROFILE", "dev");
    pb.environment().put("CRM_DB_URL", BenchDatabase.url(database));
    pb.environment().put("CRM_HTTP_HOST", "127.0.0.1");
    pb.environment().put("CRM_HTTP_PORT", "0");
    log = workDir.resolve("service.log");
    service = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    baseUrl = "http://127.0.0.1:" + awaitPort(Duration.ofSeconds(180));
  }

  @AfterAll
  static void stopService() throws Exception {
    if (service != null && service.isAlive()) {
      service.destroy();
      if (!service.waitFor(60, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  @Test
  void fiveHundredRandomRequestsShowNothingHiddenAndChangeNothingRefused() throws Exception {
    long started = System.nanoTime();
    PermissionProbe.Result result =
        PermissionProbe.run(baseUrl, BenchDatabase.url(database), 500, 21L);

    assertThat(result.requests()).isEqualTo(500);
    assertThat(result.leaks()).as("leaks; %s", result.markdown()).isZero();
    assertThat(result.wrongWrites()).as("wrong writes; %s", result.markdown()).isZero();
    assertThat(result.markdown()).contains("Targets 0 leaks / 0 wrong writes: ✅ met");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(45));
  }

  private static int awaitPort(Duration within) {
    return Integer.parseInt(ConsoleLine.awaitLine(service, log, UP, within).group(1));
  }
}
