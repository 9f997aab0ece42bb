package com.chatcrm.engine.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process (zonky binaries), for trying the service and for tests.
 * Its data directory survives restarts; it is initialised with UTF-8 and a UTF-8 locale, which
 * pg_trgm needs to index Chinese text.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /** Whether a commit must reach the disk before it is acknowledged. */
  public enum Durability {
    /** fsync and synchronous commit on: what the service runs with. */
    DURABLE,
    /** zonky's defaults, fsync off: for throw-away test databases only. */
    THROWAWAY
  }

  /**
   * Starts the server on {@code dataDir} (created and initialised when empty). Blocks for the few
   * seconds PostgreSQL needs: call it from {@code main} or a worker, never from an event loop.
   */
  public static EmbeddedDatabase start(Path dataDir, int port, Durability durability)
      throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    refuseIfInUse(dir);
    stopOrphanedServer(dir);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setLocaleConfig("locale", utf8Locale())
            .setServerConfig("max_connections", "200")
            .setServerConfig("timezone", "UTC")
            .setPGStartupWait(java.time.Duration.ofSeconds(60));
    if (durability == Durability.DURABLE) {
      // zonky turns fsync (-F) and synchronous commit off for speed; a later -c wins over -F
      builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres = builder.start();
    LOG.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
    return new EmbeddedDatabase(postgres, dir);
  }

  /**
   * The location of {@code database} on an embedded PostgreSQL that another process (a running
   * service) serves from {@code dataDir}, read from PostgreSQL's own {@code postmaster.pid} (its
   * fourth line is the port); empty when none runs there.
   */
  public static Optional<DatabaseLocation> running(Path dataDir, String database) {
    Path pidFile = dataDir.toAbsolutePath().normalize().resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.size() < 4
          || parsePid(lines.get(0))
              .flatMap(ProcessHandle::of)
              .filter(ProcessHandle::isAlive)
              .isEmpty()) {
        return Optional.empty();
      }
      int port = Integer.parseInt(lines.get(3).trim());
      return Optional.of(new DatabaseLocation("localhost", port, database, "postgres", ""));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The superuser's location of {@code database}, which is created when missing. */
  public DatabaseLocation database(String database) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          try (Statement create = c.createStatement()) {
            create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
          }
        }
      }
    }
    return new DatabaseLocation("localhost", postgres.getPort(), database, "postgres", "");
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
    LOG.info("Embedded PostgreSQL stopped");
  }

  /** glibc always has C.UTF-8; macOS has only the named UTF-8 locales. */
  private static String utf8Locale() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.contains("mac") ? "en_US.UTF-8" : "C.UTF-8";
  }

  /** Zonky holds a file lock on the data directory for as long as its JVM runs. */
  private static void refuseIfInUse(Path dir) throws IOException {
    Path lockFile = dir.resolve("epg-lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new IOException("it is in use by another running process");
      }
    } catch (OverlappingFileLockException e) {
      throw new IOException("it is in use by another server in this process");
    }
  }

  /**
   * A process killed with SIGKILL leaves its postmaster running and holding the data directory;
   * stop it so that this start can take over instead of failing.
   */
  private static void stopOrphanedServer(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    Optional<ProcessHandle> running =
        lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
    if (running.isEmpty() || !running.get().isAlive()) {
      return; // a stale pid file; PostgreSQL itself removes it on start
    }
    String command = running.get().info().command().orElse("");
    if (!command.endsWith("postgres")) {
      return;
    }
    LOG.warn(
        "Stopping PostgreSQL (pid {}) left running on {} by an earlier run",
        running.get().pid(),
        dir);
    running.get().destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
    try {
      running.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("PostgreSQL left running on " + dir + " did not stop within 30 s", e);
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
