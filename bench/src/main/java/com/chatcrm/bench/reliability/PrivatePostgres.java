package com.chatcrm.bench.reliability;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.bench.BenchRun;
import com.chatcrm.engine.db.DatabaseLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the probe's own (the machine's binaries, a temporary directory, a free
 * port), so that stopping it hurts nobody else: the machine's shared server is never touched. As
 * root, the server runs as the {@code postgres} user (PostgreSQL refuses to run as root).
 */
final class PrivatePostgres implements AutoCloseable {

  static final Path BIN =
      Path.of(System.getenv().getOrDefault("CRM_PG_BIN", "/usr/lib/postgresql/15/bin"));

  private final Path dir;
  private final int port;

  private PrivatePostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static boolean available() {
    return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** initdb in a fresh temporary directory, then start; {@code database} is created. */
  static PrivatePostgres start(String database) throws Exception {
    Path dir = Files.createTempDirectory("crm-reliability-pg-");
    int port = BenchRun.freePort();
    PrivatePostgres pg = new PrivatePostgres(dir, port);
    if (root()) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
    run(
        List.of(
            BIN.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"),
        true);
    pg.startServer();
    try (Connection c = BenchDatabase.connect(DatabaseLocation.fromUrl(pg.url("postgres")));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
    }
    return pg;
  }

  String url(String database) {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  /** Starts the server on its data directory and waits until it accepts connections. */
  void startServer() throws Exception {
    run(
        List.of(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                + dir
                + " -c max_connections=100",
            "start"),
        true);
  }

  /** Stops it the hard way (immediate: no checkpoint, clients cut off), as a crash would. */
  void crash() throws Exception {
    run(
        List.of(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "immediate",
            "-w",
            "stop"),
        true);
  }

  @Override
  public void close() throws Exception {
    try {
      crash();
    } catch (Exception e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> cmd, boolean asPostgres) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgres && root()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(cmd);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
    }
  }
}
