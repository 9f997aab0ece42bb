package com.chatcrm.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One run of the harness: where the repository, the packaged server and this run's raw results are,
 * the database server, the machine, and whether it is a quick run (smaller data, shorter phases:
 * for trying the harness, not for the published figures).
 */
public final class BenchRun implements AutoCloseable {

  private final Path repo;
  private final Path resultsDir;
  private final ZonedDateTime started;
  private final boolean quick;
  private final BenchDatabase database;
  private final Machine machine;
  private BigDataset bigDataset;

  public BenchRun(Path repo, boolean quick) throws Exception {
    this(repo, quick, "");
  }

  /**
   * @param kind appended to the results directory's name, e.g. {@code reliability} (empty: the
   *     benchmarks)
   */
  public BenchRun(Path repo, boolean quick, String kind) throws Exception {
    this.repo = repo.toAbsolutePath().normalize();
    this.started = ZonedDateTime.now();
    this.quick = quick;
    this.resultsDir =
        this.repo
            .resolve("bench/results")
            .resolve(
                started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + (quick ? "-quick" : "")
                    + (kind.isEmpty() ? "" : "-" + kind));
    Files.createDirectories(resultsDir);
    this.database = BenchDatabase.open(this.repo.resolve("bench/target"));
    this.machine = Machine.describe(database.version());
  }

  public Path repo() {
    return repo;
  }

  public Path resultsDir() {
    return resultsDir;
  }

  public ZonedDateTime started() {
    return started;
  }

  public boolean quick() {
    return quick;
  }

  public BenchDatabase database() {
    return database;
  }

  public Machine machine() {
    return machine;
  }

  public Path serverJar() {
    Path jar = repo.resolve("server/target/chat-crm.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (bench/run.sh does)");
    }
    return jar;
  }

  /**
   * The 1M-customer tenant (a smaller one in a quick run), generated on first use and kept between
   * runs.
   */
  public synchronized BigDataset bigDataset() throws Exception {
    if (bigDataset == null) {
      bigDataset = BigDataset.ensure(this);
    }
    return bigDataset;
  }

  /** Scales a duration or count down in quick runs. */
  public int scaled(int full, int quickValue) {
    return quick ? quickValue : full;
  }

  /** A loopback port nobody listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Keeps a raw result next to the report, e.g. a histogram's percentile table. */
  public Path saveRaw(String fileName, String content) throws IOException {
    Path p = resultsDir.resolve(fileName);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  public Path saveRaw(String fileName, JsonObject json) throws IOException {
    return saveRaw(fileName, json.encodePrettily());
  }

  @Override
  public void close() throws Exception {
    database.close();
  }
}
