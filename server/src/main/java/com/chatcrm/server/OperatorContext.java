package com.chatcrm.server;

import com.chatcrm.config.ConfigException;
import com.chatcrm.config.CrmConfig;
import com.chatcrm.engine.Engine;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.db.EmbeddedDatabase;
import com.chatcrm.engine.db.Migrations;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.gateway.operator.TenantRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the jar's operator commands run on: the service's database (the embedded one a running
 * service serves, found through its data directory, or started for the command), its schema, and
 * the platforms' clients: no HTTP server, no schedulers.
 */
final class OperatorContext implements AutoCloseable {

  private final EmbeddedDatabase ownDatabase;
  private final Vertx vertx;
  private final Pool pool;
  private final TenantRegistry registry;
  private final String where;

  private OperatorContext(
      EmbeddedDatabase ownDatabase, Vertx vertx, Pool pool, TenantRegistry registry, String where) {
    this.ownDatabase = ownDatabase;
    this.vertx = vertx;
    this.pool = pool;
    this.registry = registry;
    this.where = where;
  }

  /** Which database and platform APIs the command works on, for its first line and its errors. */
  String where() {
    return where;
  }

  static OperatorContext open(CrmConfig config) {
    EmbeddedDatabase own = null;
    DatabaseLocation database;
    if (config.db().embedded()) {
      Optional<DatabaseLocation> running =
          EmbeddedDatabase.running(config.db().embeddedDataDir(), "crm");
      java.nio.file.Path dataDir = config.db().embeddedDataDir().toAbsolutePath().normalize();
      if (running.isPresent()) {
        database = running.get();
      } else if (!java.nio.file.Files.exists(dataDir.resolve("PG_VERSION"))) {
        // never a new, empty database beside the service's: the company would land where no
        // service looks
        throw new ConfigException(
            "db.embedded.dataDir",
            "no database in "
                + dataDir
                + ": run the command from the directory the service runs in, with its"
                + " CRM_DB_EMBEDDED_DATA_DIR (or CRM_DB_URL)");
      } else {
        try {
          own =
              EmbeddedDatabase.start(
                  config.db().embeddedDataDir(), 0, EmbeddedDatabase.Durability.DURABLE);
          database = own.database("crm");
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
          throw new ConfigException(
              "db.embedded.dataDir",
              "cannot open the embedded PostgreSQL in "
                  + config.db().embeddedDataDir().toAbsolutePath().normalize()
                  + ": "
                  + CrmServer.oneLine(e));
        }
      }
    } else {
      database = DatabaseLocation.fromUrl(config.db().url().orElseThrow());
    }
    Migrations.migrate(database);
    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(4).setName("crm-operator"))
            .connectingTo(database.connectOptions())
            .using(vertx)
            .build();
    String publicUrl = publicUrl(config);
    Engine engine =
        Engine.on(
            pool,
            Clock.systemUTC(),
            Engine.Caches.create(),
            Engine.NOBODY_TOLD,
            CrmServer.secretBox(config));
    int port = config.http().port();
    Gateway.Options options =
        new Gateway.Options(
            apiBase(config.platforms().wecomApiBaseUrl(), "wecom", port),
            apiBase(config.platforms().dingtalkApiBaseUrl(), "dingtalk", port),
            apiBase(config.platforms().dingtalkOapiBaseUrl(), "dingtalk", port),
            1000,
            null,
            publicUrl + "/m/",
            Backoff.standard());
    TenantRegistry registry =
        new TenantRegistry(
            engine,
            Gateway.platforms(
                vertx,
                engine,
                engine,
                Engine.Intake.on(pool, 1),
                options,
                new DatabaseOutage(vertx, pool)),
            publicUrl);
    String where =
        "数据库 / database: "
            + (config.db().embedded()
                ? "embedded PostgreSQL in "
                    + config.db().embeddedDataDir().toAbsolutePath().normalize()
                    + (own == null ? " (the running service's)" : "")
                : database.describe())
            + "; WeCom API "
            + options.wecomApiBaseUrl()
            + ", DingTalk API "
            + options.dingtalkApiBaseUrl();
    return new OperatorContext(own, vertx, pool, registry, where);
  }

  TenantRegistry registry() {
    return registry;
  }

  /** The URL the platforms reach the service by: configured, else the local port. */
  static String publicUrl(CrmConfig config) {
    return config.http().publicUrl().orElse("http://localhost:" + config.http().port());
  }

  private static String apiBase(String configured, String platform, int httpPort) {
    if ("sandbox".equals(configured) && httpPort == 0) {
      throw new ConfigException(
          "http.port",
          "the sandbox stand-ins are served on the running service's port: set CRM_HTTP_PORT to it");
    }
    return SandboxWiring.apiBase(configured, platform, httpPort);
  }

  @Override
  public void close() {
    Duration step = Duration.ofSeconds(30);
    CrmServer.await(pool.close(), step);
    CrmServer.await(vertx.close(), step);
    if (ownDatabase != null) {
      try {
        ownDatabase.close();
      } catch (IOException e) {
        // the command's work is committed; PostgreSQL recovers an unclean stop by itself
      }
    }
  }
}
