package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code Main} in a child JVM, as an operator would, and reads what it prints. */
@DisplayName("a bad configuration ends start-up with one line naming the setting")
class StartupFailureTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  @TempDir Path workDir;

  @Test
  void malformedYaml() throws Exception {
    Path file = Files.writeString(workDir.resolve("crm.yaml"), "http:\n  port: [8080\n");
    Outcome run = runMain(Map.of("CRM_CONFIG_FILE", file.toString()));
    run.assertOneLineFailure("(CRM_CONFIG_FILE): malformed YAML at line");
  }

  @Test
  void unknownProfile() throws Exception {
    Outcome run = runMain(Map.of("CRM_PROFILE", "staging"));
    run.assertOneLineFailure(
        "profile (CRM_PROFILE): unknown profile 'staging'; known profiles: dev, prod");
  }

  @Test
  void unreachableDatabase() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Outcome run =
        runMain(Map.of("CRM_DB_URL", "postgresql://crm:secret@127.0.0.1:" + closedPort + "/crm"));
    run.assertOneLineFailure(
        "db.url: cannot connect to postgresql://crm@127.0.0.1:" + closedPort + "/crm");
    assertThat(run.stderr()).doesNotContain("secret");
  }

  @Test
  void portAlreadyInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      Outcome run =
          runMain(
              Map.of(
                  "CRM_DB_URL", db.url(),
                  "CRM_HTTP_PORT", String.valueOf(taken.getLocalPort())));
      run.assertOneLineFailure("http.port: " + taken.getLocalPort() + " is already in use");
    }
  }

  private Outcome runMain(Map<String, String> env) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", classpath, Main.class.getName())
            .directory(workDir.toFile());
    Map<String, String> childEnv = pb.environment();
    childEnv.keySet().removeIf(k -> k.startsWith("CRM_"));
    childEnv.put("CRM_DB_EMBEDDED_DATA_DIR", workDir.resolve("pg").toString());
    childEnv.putAll(new HashMap<>(env));
    pb.redirectOutput(workDir.resolve("stdout.txt").toFile());
    pb.redirectError(workDir.resolve("stderr.txt").toFile());
    Process process = pb.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Main did not end within 120 s");
    }
    return new Outcome(
        process.exitValue(),
        Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }

  private record Outcome(int exitCode, String stdout, String stderr) {

    void assertOneLineFailure(String expected) {
      List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
      assertThat(exitCode).as("exit code; stderr=%s stdout=%s", stderr, stdout).isNotZero();
      assertThat(lines).as("stderr; stdout=%s", stdout).hasSize(1);
      assertThat(lines.get(0)).startsWith("Chat CRM cannot start: ").contains(expected);
      assertThat(stdout)
          .as("no stack trace on stdout")
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
  }
}
