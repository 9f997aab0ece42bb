package com.chatcrm.server;

import com.chatcrm.config.ConfigException;
import com.chatcrm.config.ConfigLoader;
import com.chatcrm.config.CrmConfig;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.db.DatabaseUnavailable;
import com.chatcrm.engine.db.EmbeddedDatabase;
import com.chatcrm.engine.db.Migrations;
import com.chatcrm.engine.schedule.PeriodicPass;
import com.chatcrm.engine.secret.SecretBox;
import com.chatcrm.gateway.Gateway;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database (embedded or external), schema, one Vert.x with one HTTP server.
 * Start and stop block the calling thread, which is {@code main} or a shutdown hook, never an event
 * loop.
 */
public final class CrmServer {

  private static final Logger LOG = LoggerFactory.getLogger(CrmServer.class);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  private final CrmConfig config;
  private final Deque<String> deployments = new ArrayDeque<>();
  private String httpDeployment;
  private EmbeddedDatabase embedded;
  private DatabaseLocation database;
  private Vertx vertx;
  private Pool pool;
  private Pool intake;
  private Pool work;
  private HttpVerticle http;
  private CompositionRoot parts;
  private boolean stopped;

  private CrmServer(CrmConfig config) {
    this.config = config;
  }

  /**
   * Starts everything or nothing: on a failure, what was started is stopped again and a {@link
   * ConfigException} names the setting to fix.
   */
  public static CrmServer start(CrmConfig config) {
    CrmServer server = new CrmServer(config);
    try {
      server.startDatabase();
      server.startVertx();
      return server;
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
  }

  public int httpPort() {
    return http.actualPort();
  }

  public DatabaseLocation database() {
    return database;
  }

  /** Sandbox mode's stand-ins and companies, e.g. for tests; null outside sandbox mode. */
  public SandboxWiring sandbox() {
    return parts == null ? null : parts.sandbox();
  }

  private void startDatabase() {
    if (config.db().embedded()) {
      try {
        embedded =
            EmbeddedDatabase.start(
                config.db().embeddedDataDir(),
                config.db().embeddedPort(),
                EmbeddedDatabase.Durability.DURABLE);
        database = embedded.database("crm");
      } catch (IOException | java.sql.SQLException | RuntimeException e) {
        throw new ConfigException(
            "db.embedded.dataDir",
            "cannot start the embedded PostgreSQL in "
                + config.db().embeddedDataDir().toAbsolutePath().normalize()
                + ": "
                + oneLine(e));
      }
    } else {
      String url = config.db().url().orElseThrow();
      try {
        database = DatabaseLocation.fromUrl(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "db.url", "'" + ConfigLoader.redact(url) + "' cannot be parsed: " + oneLine(e));
      }
    }
    try {
      Migrations.migrate(database);
    } catch (DatabaseUnavailable e) {
      throw new ConfigException(
          config.db().embedded() ? "db.embedded.dataDir" : "db.url", e.getMessage());
    }
  }

  private void startVertx() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        Metrics.options().setRegistryName("crm-" + UUID.randomUUID())))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(config.db().poolSize()).setName("crm-db"))
            .connectingTo(database.connectOptions())
            .using(vertx)
            .build();
    // what /health details say of the database: never its address or user
    JsonObject databaseInfo = new JsonObject().put("embedded", config.db().embedded());
    // Callbacks are acknowledged once recorded; under a backlog, processing would otherwise hold
    // every pooled connection and each acknowledgement would queue behind it.
    intake =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(Gateway.INTAKE_STATEMENTS).setName("crm-db-intake"))
            .connectingTo(database.connectOptions())
            .using(vertx)
            .build();
    // Processing callbacks costs 8 commits each; waiting for the WAL flush of every one of them
    // slowed the acknowledgements' own (durable) commits. Why this is safe: see Gateway.
    work =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(config.db().poolSize()).setName("crm-db-work"))
            .connectingTo(database.connectOptions().addProperty("synchronous_commit", "off"))
            .using(vertx)
            .build();
    // one record of database outages for the process: a 503 or a failed pass is counted there, not
    // logged each
    DatabaseOutage outage = new DatabaseOutage(vertx, pool);
    SchedulerWatch watch = new SchedulerWatch(config.reminders().tick());
    watch.register(registry);
    http =
        new HttpVerticle(
            config.http(),
            pool,
            registry,
            databaseInfo,
            watch,
            new ManagementAccess(config.management()),
            outage);
    try {
      httpDeployment = await(vertx.deployVerticle(http), STEP_TIMEOUT);
    } catch (RuntimeException e) {
      throw listenFailure(e);
    }
    String sessionKey = config.miniApp().sessionKey().orElseGet(CrmServer::randomKey);
    parts =
        await(
            CompositionRoot.build(
                config,
                vertx,
                database,
                new CompositionRoot.Pools(pool, intake, work),
                outage,
                http.actualPort(),
                publicUrl(),
                sessionKey,
                secretBox(config)),
            STEP_TIMEOUT);
    deployments.push(await(vertx.deployVerticle(parts.changes()), STEP_TIMEOUT));
    http.mount(parts.routes());
    for (Deployable verticle : parts.gateway().verticles()) {
      deployments.push(await(vertx.deployVerticle(verticle), STEP_TIMEOUT));
    }
    if (parts.sandbox() != null && config.sandbox().companies()) {
      // first start of the dev profile: the sandbox companies get customers to look at (once)
      await(parts.sandbox().start("dev".equals(config.profile())), STEP_TIMEOUT);
    }
    for (Deployable stream : await(parts.gateway().connections(), STEP_TIMEOUT)) {
      deployments.push(await(vertx.deployVerticle(stream), STEP_TIMEOUT));
    }
    // watched by /health and /metrics from the start
    watch.attach(parts.dispatch(), parts.schedulers());
    for (PeriodicPass scheduler : parts.schedulers()) {
      scheduler.reportOutagesTo(outage);
      deployments.push(await(vertx.deployVerticle(scheduler), STEP_TIMEOUT));
    }
    http.ready();
    LOG.info(
        "Chat CRM is up on http://localhost:{} (profile {}, {}{})",
        httpPort(),
        config.profile(),
        config.db().embedded()
            ? "embedded PostgreSQL in " + config.db().embeddedDataDir()
            : "PostgreSQL at " + database.describe(),
        config.sandbox().enabled() ? ", sandbox on" : "");
  }

  /**
   * What seals the secrets stored in the database: the configured master keys, else (dev profile
   * only: prod refuses to start without one) the public development key.
   */
  static SecretBox secretBox(CrmConfig config) {
    if (config.secrets().masterKey().isEmpty()) {
      LOG.info(
          "Secrets stored in the database are sealed with the public development key; set"
              + " CRM_SECRETS_MASTER_KEY before connecting a real company (see docs/deploy.md)");
      return SecretBox.development();
    }
    return SecretBox.of(config.secrets().masterKey().get(), config.secrets().previousKeys());
  }

  /** The base URL in links we send: the configured public URL, else this machine's port. */
  private String publicUrl() {
    return config.http().publicUrl().orElse("http://localhost:" + httpPort());
  }

  /** Sandbox mode without a configured key: sessions last until the next start. */
  private static String randomKey() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private ConfigException listenFailure(RuntimeException e) {
    String where = config.http().host() + ":" + config.http().port();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof BindException || message.contains("address already in use")) {
        return new ConfigException(
            "http.port",
            config.http().port()
                + " is already in use on "
                + config.http().host()
                + " (stop the other process or set CRM_HTTP_PORT to a free port)");
      }
      if (message.contains("permission denied")) {
        return new ConfigException(
            "http.port", "no permission to listen on " + where + " (use a port above 1023)");
      }
    }
    return new ConfigException("http.host", "cannot listen on " + where + ": " + oneLine(e));
  }

  /**
   * Stops taking requests, lets in-flight ones finish, undeploys schedulers, closes the pool and
   * the embedded database. Safe to call more than once and after a failed start.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    Duration perStep = config.http().shutdownGrace().plusSeconds(10);
    if (vertx != null) {
      if (httpDeployment != null) {
        // first stop taking requests and let in-flight ones finish; then the background workers
        quietly("stop the HTTP server", () -> await(vertx.undeploy(httpDeployment), perStep));
      }
      while (!deployments.isEmpty()) {
        quietly("undeploy", () -> await(vertx.undeploy(deployments.pop()), perStep));
      }
      if (pool != null) {
        quietly("close the database pool", () -> await(pool.close(), perStep));
      }
      if (intake != null) {
        quietly("close the callback intake pool", () -> await(intake.close(), perStep));
      }
      if (work != null) {
        quietly("close the background work pool", () -> await(work.close(), perStep));
      }
      quietly("close Vert.x", () -> await(vertx.close(), perStep));
    }
    if (embedded != null) {
      quietly(
          "stop the embedded PostgreSQL",
          () -> {
            try {
              embedded.close();
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
            return null;
          });
    }
    LOG.info("Chat CRM stopped");
  }

  private static void quietly(String what, java.util.function.Supplier<?> step) {
    try {
      step.get();
    } catch (RuntimeException e) {
      LOG.warn("While stopping: could not {}: {}", what, oneLine(e));
    }
  }

  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
    }
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.strip().lines().findFirst().orElse(message);
  }
}
