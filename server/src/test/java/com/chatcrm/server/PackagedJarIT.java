package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    Path jar = Path.of("target", "chat-crm.jar").toAbsolutePath();
    assertThat(jar).exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CRM_"));
    pb.environment().put("CRM_DB_URL", db.url());
    pb.environment().put("CRM_HTTP_PORT", "0");
    pb.environment().put("CRM_HTTP_SHUTDOWN_GRACE_SECONDS", "2");
    Path out = workDir.resolve("out.log");
    pb.redirectErrorStream(true).redirectOutput(out.toFile());
    Process process = pb.start();
    try {
      int port = waitForPort(out, process);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> sandbox = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/sandbox/wecom/_calls")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(sandbox.statusCode()).isEqualTo(200);
    } finally {
      process.destroy(); // SIGTERM, as systemd or Ctrl-C would
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    }
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("Chat CRM stopped").doesNotContain("\tat ");
  }

  private static int waitForPort(Path log, Process process) throws Exception {
    Pattern up = Pattern.compile("Chat CRM is up on http://localhost:(\\d+)");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = up.matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("the jar exited with " + process.exitValue() + ":\n" + text);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the jar did not come up within 120 s:\n" + Files.readString(log));
  }
}
