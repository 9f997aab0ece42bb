package com.chatcrm.engine.db;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema with the versioned scripts in {@code db/migration}. Flyway
 * is JDBC and blocking: run it before Vert.x starts or on a worker.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Checks that the database answers, then applies pending migrations; returns how many ran. */
  public static int migrate(DatabaseLocation location) {
    probe(location);
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(location.jdbcUrl(), location.user(), nullToEmpty(location.password()))
              .locations("classpath:db/migration")
              .connectRetries(0)
              // a session lock, not a transaction's: CREATE INDEX CONCURRENTLY waits for every open
              // transaction, the migration lock's included, and would wait for ever
              .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
              .load()
              .migrate();
      if (result.migrationsExecuted == 0) {
        LOG.info("Database {}: schema is up to date", location.describe());
      } else {
        LOG.info(
            "Database {}: {} migrations applied, schema now at version {}",
            location.describe(),
            result.migrationsExecuted,
            result.targetSchemaVersion);
      }
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new DatabaseUnavailable(
          "cannot migrate " + location.describe() + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** Opens and closes one connection, turning the driver's failure into one readable line. */
  public static void probe(DatabaseLocation location) {
    Properties props = new Properties();
    props.setProperty("user", location.user());
    props.setProperty("password", nullToEmpty(location.password()));
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "10");
    try (Connection c = DriverManager.getConnection(location.jdbcUrl(), props)) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new DatabaseUnavailable(
          "cannot connect to " + location.describe() + ": " + reason(e), e);
    }
  }

  private static String reason(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof java.net.ConnectException) {
        return "connection refused (is PostgreSQL running there?)";
      }
      if (t instanceof java.net.SocketTimeoutException) {
        return "no answer within 5 s";
      }
    }
    return firstLine(e.getMessage());
  }

  private static String firstLine(String s) {
    return s == null ? "unknown error" : s.strip().lines().findFirst().orElse("unknown error");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
