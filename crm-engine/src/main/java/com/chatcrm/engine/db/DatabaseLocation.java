package com.chatcrm.engine.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a PostgreSQL database is, in the two shapes we need: Vert.x options and JDBC (Flyway only). */
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

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password == null ? "" : password)
        // A timestamp written by the engine is read back in UTC; tenants' zones are applied in code.
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
