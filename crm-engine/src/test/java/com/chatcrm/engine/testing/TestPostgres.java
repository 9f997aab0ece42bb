package com.chatcrm.engine.testing;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server tests use: the one named by {@code CRM_TEST_DB_URL} (CI's local server),
 * else an embedded one started once per test JVM. Each test class gets its own database on it.
 */
public final class TestPostgres {

  private static DatabaseLocation server;

  private TestPostgres() {}

  /** The maintenance database of the test server, as a superuser. */
  public static synchronized DatabaseLocation server() {
    if (server == null) {
      String url = System.getenv("CRM_TEST_DB_URL");
      server = url == null || url.isBlank() ? startEmbedded() : DatabaseLocation.fromUrl(url);
    }
    return server;
  }

  /** Creates an empty UTF-8 database whose name starts with {@code crm_t_} and the hint. */
  public static DatabaseLocation createDatabase(String hint) {
    String name =
        ("crm_t_"
                + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                + "_"
                + UUID.randomUUID().toString().substring(0, 8))
            .replaceAll("_+", "_");
    if (name.length() > 60) {
      name = name.substring(0, 51) + name.substring(name.length() - 9);
    }
    execute(
        "CREATE DATABASE "
            + name
            + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    return server().withDatabase(name);
  }

  public static void dropDatabase(DatabaseLocation location) {
    execute("DROP DATABASE IF EXISTS " + location.database() + " WITH (FORCE)");
  }

  private static void execute(String sql) {
    DatabaseLocation s = server();
    try (Connection c =
            DriverManager.getConnection(
                s.jdbcUrl(), s.user(), s.password() == null ? "" : s.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
    }
  }

  private static DatabaseLocation startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("crm-test-pg");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, EmbeddedDatabase.Durability.THROWAWAY);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      db.close();
                    } catch (IOException ignored) {
                      // the JVM is going away; nothing left to tell
                    }
                  }));
      return db.database("postgres");
    } catch (IOException | SQLException e) {
      throw new UncheckedIOException(
          "cannot start the embedded PostgreSQL for tests", new IOException(e));
    }
  }
}
