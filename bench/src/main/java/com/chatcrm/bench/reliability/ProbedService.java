package com.chatcrm.bench.reliability;

import com.chatcrm.bench.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service under a probe: the dev profile (sandbox companies with their fixed test
 * secrets) on a given database and port, started again on the same port after a kill -9. Each start
 * logs to a file of its own ({@code <name>-<n>.log}), so the log checks see every start.
 */
public final class ProbedService implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final Path jar;
  private final Path logDir;
  private final String name;
  private final int port;
  private final Map<String, String> env;
  private final List<Path> logs = new ArrayList<>();
  private JavaProcess process;

  private ProbedService(Path jar, Path logDir, String name, int port, Map<String, String> env) {
    this.jar = jar;
    this.logDir = logDir;
    this.name = name;
    this.port = port;
    this.env = env;
  }

  /**
   * Starts the jar and waits for "Chat CRM is up" (the demo data is in).
   *
   * @param databaseUrl {@code postgresql://user@host:port/db}
   * @param extraEnv further settings, e.g. {@code CRM_WECOM_API_BASE_URL}
   */
  public static ProbedService start(
      Path jar,
      Path logDir,
      String name,
      String databaseUrl,
      int port,
      Map<String, String> extraEnv)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CRM_PROFILE", "dev");
    env.put("CRM_DB_URL", databaseUrl);
    env.put("CRM_HTTP_PORT", Integer.toString(port));
    env.put("CRM_HTTP_HOST", "127.0.0.1");
    env.put("CRM_HTTP_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("CRM_HTTP_SHUTDOWN_GRACE_SECONDS", "2");
    env.putAll(extraEnv);
    ProbedService s = new ProbedService(jar, logDir, name, port, env);
    s.launch();
    s.awaitUp(Duration.ofMinutes(3));
    return s;
  }

  /**
   * Starts another process on the same port and database (after {@link #kill()}); does not wait.
   */
  public void launch() throws IOException {
    Path log = logDir.resolve(name + "-" + (logs.size() + 1) + ".log");
    logs.add(log);
    process =
        JavaProcess.jar(
            name, log, List.of("-Xmx512m", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8"), jar, env);
  }

  /** SIGKILL: the node dies mid-work. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** Waits for the current start's "Chat CRM is up". */
  public void awaitUp(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path log = logs.get(logs.size() - 1);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)
          && Files.readString(log, StandardCharsets.UTF_8).contains("Chat CRM is up")) {
        return;
      }
      if (!process.alive()) {
        throw new IllegalStateException("the service exited during start; see " + log);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the service did not start within " + timeout + "; see " + log);
  }

  /** Whether {@code GET /health} answers 200 now. */
  public boolean healthy() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.alive();
  }

  /** The logs of every start so far, oldest first. */
  public List<Path> logs() {
    return List.copyOf(logs);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }
}
