package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code server/target/chat-crm.jar}) as an operator runs it: the dev profile
 * (sandbox platforms on), the benchmark database, a 512 MB heap. {@code BENCH_JFR=1} records a JFR
 * profile per process into the run's results.
 */
public final class ServerProcess implements AutoCloseable {

  public static final String HEAP = "-Xmx512m";

  private final JavaProcess process;
  private final int port;

  private ServerProcess(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a node and waits until /health answers 200.
   *
   * @param extraEnv further configuration, e.g. {@code CRM_...} keys
   */
  public static ServerProcess start(
      BenchRun run, String name, DatabaseLocation db, int port, Map<String, String> extraEnv)
      throws Exception {
    ServerProcess server = launch(run, name, db, port, extraEnv, null);
    server.awaitHealthy(Duration.ofSeconds(120));
    return server;
  }

  /**
   * Starts a node and returns at once (see {@link #awaitHealthy}): several nodes then start
   * together.
   *
   * @param cpus the CPUs it may run on ({@code taskset -c}), or null for any
   */
  public static ServerProcess launch(
      BenchRun run,
      String name,
      DatabaseLocation db,
      int port,
      Map<String, String> extraEnv,
      String cpus)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CRM_PROFILE", "dev");
    env.put("CRM_DB_URL", BenchDatabase.url(db));
    env.put("CRM_HTTP_PORT", Integer.toString(port));
    env.put("CRM_HTTP_HOST", "127.0.0.1");
    env.put("CRM_HTTP_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.putAll(extraEnv);
    List<String> jvm = new ArrayList<>(List.of(HEAP, "-XX:+UseG1GC", "-Dfile.encoding=UTF-8"));
    if ("1".equals(System.getenv("BENCH_JFR"))) {
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + run.resultsDir().resolve(name + ".jfr")
              + ",settings=profile");
    }
    JavaProcess p =
        JavaProcess.jar(
            name, run.resultsDir().resolve(name + ".log"), cpus, jvm, run.serverJar(), env);
    return new ServerProcess(p, port);
  }

  /**
   * Waits for "Chat CRM is up", logged after the dev profile's demo data is in (/health answers
   * before): load before then would be measured against the seeding, and a second node started
   * before then seeds too.
   */
  public void awaitUp(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log(), StandardCharsets.UTF_8).contains("Chat CRM is up")) {
        return;
      }
      if (!process.alive()) {
        throw new IllegalStateException("the server exited during start; see " + log());
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the server did not finish starting within " + timeout + "; see " + log());
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public JavaProcess process() {
    return process;
  }

  /** Waits until /health answers 200. */
  public void awaitHealthy(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.alive()) {
        throw new IllegalStateException("the server exited during start; see " + process.log());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the server was not healthy within " + timeout + "; see " + process.log());
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }

  /** Keeps the log path alive for messages after close. */
  public Path log() {
    return process.log();
  }
}
