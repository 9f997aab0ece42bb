package com.chatcrm.server;

import com.chatcrm.config.HttpConfig;
import com.chatcrm.engine.db.DatabaseOutage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server: health and metrics at once, then the route groups the composition root
 * mounts.
 */
final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  private static final long DB_CHECK_TIMEOUT_MS = 3_000;

  private final HttpConfig config;
  private final Pool pool;
  private final PrometheusMeterRegistry registry;
  private final JsonObject databaseInfo;
  private final SchedulerWatch schedulers;
  private final ManagementAccess management;
  private final DatabaseOutage outage;
  private HttpServer server;
  private Router router;
  private volatile boolean ready;

  HttpVerticle(
      HttpConfig config,
      Pool pool,
      PrometheusMeterRegistry registry,
      JsonObject databaseInfo,
      SchedulerWatch schedulers,
      ManagementAccess management,
      DatabaseOutage outage) {
    this.outage = outage;
    this.config = config;
    this.pool = pool;
    this.registry = registry;
    this.databaseInfo = databaseInfo;
    this.schedulers = schedulers;
    this.management = management;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    // until start-up has finished nothing is served (a callback could find its company not yet
    // registered and make the start fail); the platform stand-ins are exempt, as start-up itself
    // calls them over HTTP
    router.route().order(-1000).handler(this::refuseUntilReady);
    router.get("/health").handler(healthHandler());
    router
        .get("/metrics")
        .handler(management::guard)
        .handler(PrometheusScrapingHandler.create(registry));
    server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(config.host()).setPort(config.port()));
    return server.requestHandler(router).listen();
  }

  /** Stops taking connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    LOG.info(
        "HTTP server stopping; in-flight requests have {} s to finish",
        config.shutdownGrace().toSeconds());
    return server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Adds the other modules' route groups (gateway callbacks, mini-app API, sandbox), once the port
   * they need to know is known; until {@link #ready} only the stand-ins among them are served.
   */
  void mount(List<Consumer<Router>> groups) {
    groups.forEach(group -> group.accept(router));
    router.route().last().handler(HttpVerticle::notFound);
    router.route().failureHandler(this::failure);
  }

  /** Start-up has finished: from now on requests are served. */
  void ready() {
    ready = true;
  }

  private void refuseUntilReady(RoutingContext ctx) {
    String path = ctx.request().path();
    if (ready || path.startsWith("/sandbox/wecom/") || path.startsWith("/sandbox/dingtalk/")) {
      ctx.next();
      return;
    }
    ctx.response()
        .setStatusCode(503)
        .putHeader("retry-after", "5")
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("code", "starting").put("message", "服务正在启动，请稍后再试").encode());
  }

  int actualPort() {
    return server.actualPort();
  }

  /**
   * {@code /health}: to anyone only {@code {"status": "UP"|"DOWN"}} (200 / 503), which is what a
   * load balancer needs; the checks' details (database latency, pushed work) to whom {@link
   * ManagementAccess} allows.
   */
  private Handler<RoutingContext> healthHandler() {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register(
        "database",
        DB_CHECK_TIMEOUT_MS,
        promise -> {
          long started = System.nanoTime();
          pool.query("SELECT 1")
              .execute()
              .onSuccess(
                  rows ->
                      promise.complete(
                          Status.OK(
                              databaseInfo
                                  .copy()
                                  .put("latencyMs", (System.nanoTime() - started) / 1_000_000))))
              .onFailure(
                  e ->
                      promise.complete(
                          // the driver's message may name the host and the user: only its SQLSTATE
                          // or kind
                          Status.KO(
                              databaseInfo
                                  .copy()
                                  .put(
                                      "error",
                                      e instanceof PgException pg
                                          ? "SQLSTATE " + pg.getSqlState()
                                          : e.getClass().getSimpleName()))));
        });
    checks.register(
        "pushedWork", DB_CHECK_TIMEOUT_MS, promise -> promise.complete(schedulers.health()));
    HealthCheckHandler details = HealthCheckHandler.createWithHealthChecks(checks);
    return ctx -> {
      if (management.allows(ctx)) {
        details.handle(ctx);
        return;
      }
      checks
          .checkStatus()
          .onComplete(
              result -> {
                boolean up = result.succeeded() && Boolean.TRUE.equals(result.result().getUp());
                ctx.response()
                    .setStatusCode(up ? 200 : 503)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .end(new JsonObject().put("status", up ? "UP" : "DOWN").encode());
              });
    };
  }

  private static void notFound(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(404)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(
            new JsonObject()
                .put("code", "not_found")
                .put("message", "没有这个接口：" + ctx.request().method() + " " + ctx.request().path())
                .encode());
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (ctx.failure() != null && outage.requestFailed(ctx.failure())) {
      if (!ctx.response().ended()) {
        ctx.response()
            .setStatusCode(503)
            .putHeader("retry-after", DatabaseOutage.RETRY_AFTER_SECONDS)
            .putHeader("content-type", "application/json; charset=utf-8")
            .end(
                new JsonObject()
                    .put("code", DatabaseOutage.ANSWER_CODE)
                    .put("message", DatabaseOutage.ANSWER_MESSAGE)
                    .encode());
      }
      return;
    }
    if (status >= 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(
            new JsonObject()
                .put("code", status >= 500 ? "internal_error" : "bad_request")
                .put("message", status >= 500 ? "服务内部出错，请稍后再试（详情见服务日志）" : "请求有误")
                .encode());
  }
}
