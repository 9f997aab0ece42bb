package com.chatcrm.engine.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL database is, in the two shapes we need: Vert.x options and JDBC (Flyway only).
 */
public record DatabaseLocation(
    String host, int port, String database, String user, String password) {

  /** Parses {@code postgresql://user:password@host:port/database}. */
  public static DatabaseLocation fromUrl(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new DatabaseLocation(
        options.getHost(),
        options.getPort(),
        options.getDatabase(),
        options.getUser(),
        options.getPassword());
  }

  public DatabaseLocation withDatabase(String otherDatabase) {
    return new DatabaseLocation(host, port, otherDatabase, user, password);
  }

  /** Statements each connection keeps prepared, least recently used forgotten first. */
  static final int PREPARED_PER_CONNECTION = 256;

  /** A bound on what one connection keeps: no statement of the engine comes near it. */
  static final int MAX_PREPARED_SQL = 16_384;

  /**
   * Starts a statement that must be planned for its own parameters every time (never kept prepared,
   * where PostgreSQL would switch to a generic plan after five runs): searches, funnels and a
   * manager's reports, whose best plan depends on who asks and for what — a generic plan can read a
   * whole index where the custom one reads a few rows.
   */
  public static final String PLANNED_PER_CALL = "/* planned per call */ ";

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password == null ? "" : password)
        // Parsing and planning each statement anew cost PostgreSQL more than running it did: each
        // connection
        // keeps its statements prepared.
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(PREPARED_PER_CONNECTION)
        .setPreparedStatementCacheSqlFilter(
            sql -> sql.length() <= MAX_PREPARED_SQL && !sql.startsWith(PLANNED_PER_CALL))
        // A timestamp written by the engine is read back in UTC; tenants' zones are applied in
        // code.
        .addProperty("TimeZone", "UTC")
        .addProperty("application_name", "chat-crm");
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + encode(database);
  }

  /** The same location without its password, fit for logs and error messages. */
  public String describe() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
