package com.chatcrm.bench.reliability;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.engine.db.DatabaseLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own for one probe test, on the server {@code CRM_TEST_DB_URL} names (else the
 * local one, else an embedded one, as the benchmarks choose), dropped afterwards.
 */
final class ProbeDatabase implements AutoCloseable {

  private final BenchDatabase server;
  private final DatabaseLocation admin;
  private final String name;

  private ProbeDatabase(BenchDatabase server, DatabaseLocation admin, String name) {
    this.server = server;
    this.admin = admin;
    this.name = name;
  }

  static ProbeDatabase create(String hint) throws Exception {
    String url = System.getenv("CRM_TEST_DB_URL");
    BenchDatabase server = null;
    DatabaseLocation admin;
    if (url != null && !url.isBlank()) {
      admin = DatabaseLocation.fromUrl(url);
    } else {
      server = BenchDatabase.open(Files.createTempDirectory("crm-probe-pg"));
      admin = server.admin();
    }
    String name = "crm_t_probe_" + hint + "_" + UUID.randomUUID().toString().substring(0, 8);
    execute(admin, "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    return new ProbeDatabase(server, admin, name);
  }

  String url() {
    return BenchDatabase.url(admin.withDatabase(name));
  }

  /** The packaged service, built by {@code mvn package} before the integration tests run. */
  static Path jar() {
    Path jar = Path.of("..", "server", "target", "chat-crm.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: the probes' tests run after `mvn package`");
    }
    return jar;
  }

  private static void execute(DatabaseLocation admin, String sql) throws Exception {
    try (Connection c = BenchDatabase.connect(admin);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws Exception {
    execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    if (server != null) {
      server.close();
    }
  }
}
