package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the benchmarks use: {@code CRM_BENCH_DB_URL}, else the local one on
 * 127.0.0.1:5432 when it answers, else an embedded one (durable, like the service runs it) under
 * {@code bench/target/pg}.
 */
public final class BenchDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BenchDatabase.class);
  private static final String LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres";

  private final DatabaseLocation admin;
  private final EmbeddedDatabase embedded;

  private BenchDatabase(DatabaseLocation admin, EmbeddedDatabase embedded) {
    this.admin = admin;
    this.embedded = embedded;
  }

  public static BenchDatabase open(Path workDir) throws Exception {
    String url = System.getenv("CRM_BENCH_DB_URL");
    if (url != null && !url.isBlank()) {
      return new BenchDatabase(DatabaseLocation.fromUrl(url), null);
    }
    DatabaseLocation local = DatabaseLocation.fromUrl(LOCAL);
    if (answers(local)) {
      return new BenchDatabase(local, null);
    }
    LOG.info("No PostgreSQL on 127.0.0.1:5432: starting an embedded one");
    EmbeddedDatabase db =
        EmbeddedDatabase.start(workDir.resolve("pg"), 0, EmbeddedDatabase.Durability.DURABLE);
    return new BenchDatabase(db.database("postgres"), db);
  }

  /** The server's maintenance database, as a superuser. */
  public DatabaseLocation admin() {
    return admin;
  }

  public boolean embedded() {
    return embedded != null;
  }

  /**
   * A database name with {@code BENCH_DB_PREFIX} in front when it is set: runs from several
   * checkouts on one server then keep to their own databases.
   */
  static String named(String name) {
    return System.getenv().getOrDefault("BENCH_DB_PREFIX", "") + name;
  }

  /** An empty database called {@code name} (see {@link #named}), dropped first when it exists. */
  public DatabaseLocation fresh(String baseName) throws SQLException {
    String name = named(baseName);
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    return admin.withDatabase(name);
  }

  /**
   * {@code name} as a copy of {@code template} (dropped first when it exists); nobody may be
   * connected to the template. A file copy: a database holding a large backlog is copied without
   * writing it all to the WAL.
   */
  public DatabaseLocation copyOf(String name, String template) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    boolean strategy;
    try (Connection c = connect(admin);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT current_setting('server_version_num')::int >= 150000")) {
      rs.next();
      strategy = rs.getBoolean(1);
    }
    // before PostgreSQL 15 every copy was a file copy
    execute(
        "CREATE DATABASE "
            + name
            + " TEMPLATE "
            + template
            + (strategy ? " STRATEGY FILE_COPY" : ""));
    return admin.withDatabase(name);
  }

  /** Drops {@code name} when it exists, whoever is connected. */
  public void drop(String name) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** The database called {@code name} (see {@link #named}), created empty when missing. */
  public DatabaseLocation existing(String baseName) throws SQLException {
    String name = named(baseName);
    try (Connection c = connect(admin);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
      }
    }
    return admin.withDatabase(name);
  }

  public String version() throws SQLException {
    try (Connection c = connect(admin);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'), current_setting('autovacuum')")) {
      rs.next();
      // a server without autovacuum keeps every dead row version of the customers updated under
      // load: it shows
      return "PostgreSQL "
          + rs.getString(1)
          + (embedded() ? " (embedded)" : "")
          + ("off".equals(rs.getString(2)) ? ", autovacuum off" : "");
    }
  }

  /**
   * {@code postgresql://user[:password]@host:port/database}, as the server's {@code CRM_DB_URL}
   * takes it.
   */
  public static String url(DatabaseLocation l) {
    String auth =
        l.user() + (l.password() == null || l.password().isEmpty() ? "" : ":" + l.password());
    return "postgresql://" + auth + "@" + l.host() + ":" + l.port() + "/" + l.database();
  }

  public static Connection connect(DatabaseLocation location) throws SQLException {
    return DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect(admin);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static boolean answers(DatabaseLocation location) {
    try (Connection c = connect(location)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() throws java.io.IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
