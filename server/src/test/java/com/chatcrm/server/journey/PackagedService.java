package com.chatcrm.server.journey;

import com.chatcrm.engine.testing.ConsoleLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The shaded jar started the way the README says ({@code java -jar server/target/chat-crm.jar}), in
 * a work directory of its own: the embedded PostgreSQL's data directory is created there on the
 * first start and reused by a restart, the sandbox is on (dev profile), the HTTP port is a free
 * one. Only settings a deployer could set are passed, as environment variables.
 */
public final class PackagedService implements AutoCloseable {

  private static final Pattern UP = Pattern.compile("Chat CRM is up on http://localhost:(\\d+)");
  private static final Duration START_WITHIN = Duration.ofSeconds(180);

  private final Path workDir;
  private final Map<String, String> env;
  private Process process;
  private Path log;
  private int port;
  private int starts;

  /**
   * @param env settings besides the defaults, e.g. {@code CRM_REMINDERS_TICK_MILLIS}
   */
  public PackagedService(Path workDir, Map<String, String> env) {
    this.workDir = workDir;
    this.env = new LinkedHashMap<>(env);
  }

  /** Starts the jar and waits for its "is up" line; answers the client for its port. */
  public JourneyClient start() throws IOException, InterruptedException {
    launch();
    return awaitUp();
  }

  /** Starts the jar without waiting for it (e.g. to send requests while it starts). */
  public void launch() throws IOException {
    Path jar = Path.of("target", "chat-crm.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the journeys run after `mvn package`");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString()).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CRM_"));
    pb.environment().put("CRM_HTTP_PORT", "0");
    pb.environment().put("CRM_HTTP_SHUTDOWN_GRACE_SECONDS", "2");
    pb.environment().putAll(env);
    starts++;
    log = workDir.resolve("service-" + starts + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    process = pb.start();
  }

  /**
   * Waits for the current start to end by itself (e.g. refused settings); answers its exit code.
   */
  public int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the jar did not exit within " + within.toSeconds() + " s:\n" + log());
    }
    return process.exitValue();
  }

  /** Waits for the "is up" line of the current start. */
  public JourneyClient awaitUp() throws IOException, InterruptedException {
    port = waitForPort();
    return new JourneyClient("http://127.0.0.1:" + port);
  }

  /** Whether the current start has logged that it is up (or ended). */
  public boolean isUp() {
    return UP.matcher(log()).find();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, as Ctrl-C or systemd would, and waits for the process to end. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the service did not stop within 60 s of SIGTERM");
    }
    process = null;
  }

  /** Everything the current (or last) start wrote to its console. */
  public String log() {
    try {
      return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private int waitForPort() {
    return Integer.parseInt(ConsoleLine.awaitLine(process, log, UP, START_WITHIN).group(1));
  }
}
