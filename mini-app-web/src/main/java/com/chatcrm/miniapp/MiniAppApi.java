package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.db.DatabaseOutage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The mini-app's HTTP API, a route group mounted at {@code /api}: login (WeCom code, sandbox dev
 * login) into a signed session, then customers, contacts, follow-ups, reminders, mentions,
 * opportunities, the pipeline and the pool, each call made as the session's user so the engine
 * applies that user's permissions. Requests are validated against {@code openapi.yaml} (served at
 * {@code /api/openapi.yaml}); every failure is answered by {@link ApiErrors}. Each area's
 * operations live in a route group ({@link LoginRoutes}, {@link CustomerRoutes}, ...).
 *
 * <p>Build with {@link #create}, which reads the OpenAPI contract, then {@link #mount}.
 */
public final class MiniAppApi {

  /** The contract on the classpath. */
  public static final String CONTRACT = "openapi.yaml";

  private static final int BODY_LIMIT = 64 * 1024;

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final String contractText;
  private final Sessions sessions;
  private final ImportUpload importUpload;
  private final ImportDownloads importDownloads;

  /** Each adds its area's operations to the contract's routes. */
  private final List<Consumer<Operations>> routeGroups;

  /** Requests failing for want of the database are answered 503 and counted here, not logged. */
  private final DatabaseOutage outage;

  private MiniAppApi(
      Vertx vertx,
      Engine engine,
      MiniAppConfig config,
      Map<String, PlatformLogin> platforms,
      DatabaseOutage outage,
      OpenAPIContract contract,
      String contractText) {
    this.vertx = vertx;
    this.outage = outage;
    this.contract = contract;
    this.contractText = contractText;
    this.sessions = new Sessions(vertx, config, engine.clock());
    this.importUpload = new ImportUpload(vertx, engine, sessions);
    this.importDownloads = new ImportDownloads(vertx, engine, config);
    Map<String, PlatformLogin> logins = Map.copyOf(platforms);
    this.routeGroups =
        List.of(
            new LoginRoutes(engine, config, logins, sessions)::addTo,
            new MeRoutes(engine, config, logins)::addTo,
            new CustomerRoutes(engine)::addTo,
            new PoolRoutes(engine)::addTo,
            new ContactRoutes(engine)::addTo,
            new OpportunityRoutes(engine)::addTo,
            new ContractRoutes(engine)::addTo,
            new LeadRoutes(engine)::addTo,
            new FollowUpRoutes(engine, config)::addTo,
            new ReminderRoutes(engine)::addTo,
            new MentionRoutes(engine)::addTo,
            new ReportRoutes(engine)::addTo,
            new SettingsRoutes(engine)::addTo,
            new StageSettingsRoutes(engine)::addTo,
            new ExportRoutes(engine, config)::addTo,
            new ImportRoutes(engine, config)::addTo);
  }

  /**
   * Reads and checks the OpenAPI contract (at start-up, before the API is mounted).
   *
   * @param engine the services, as the composition root built them
   * @param platforms 免登 and JS-SDK per platform ({@code "wecom"}, {@code "dingtalk"}); a platform
   *     without an entry answers its login with 404
   * @param outage the process's record of database outages; null logs each failure instead
   */
  public static Future<MiniAppApi> create(
      Vertx vertx,
      Engine engine,
      MiniAppConfig config,
      Map<String, PlatformLogin> platforms,
      DatabaseOutage outage) {
    return vertx
        .fileSystem()
        .readFile(CONTRACT)
        .compose(
            text ->
                OpenAPIContract.from(vertx, CONTRACT)
                    .map(
                        contract ->
                            new MiniAppApi(
                                vertx,
                                engine,
                                config,
                                platforms,
                                outage,
                                contract,
                                text.toString())));
  }

  /** Mounts the API at {@code /api/*} of the given router. */
  public void mount(Router root) {
    // before the API's own router, so that its earliest refusals (a body too large) carry the
    // headers too
    root.route("/api/*").handler(SecurityHeaders.api());
    // ahead of the API's router, whose body limit is for JSON, not for a file
    importUpload.mount(root);
    root.route("/api/*").subRouter(router());
    importDownloads.mount(root);
  }

  /** The API's own router, paths relative to {@code /api}. */
  public Router router() {
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
    builder.rootHandler(
        ctx -> {
          ctx.response().putHeader("cache-control", "no-store");
          ctx.next();
        });
    builder.security("session").httpHandler(sessions.handler());

    Operations operations = new Operations(builder);
    routeGroups.forEach(group -> group.accept(operations));

    Router router = builder.createRouter();
    router
        .get("/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/yaml; charset=utf-8")
                    .end(contractText));
    router.route().failureHandler(ctx -> ApiErrors.handle(ctx, outage));
    // Unknown paths under /api answer in the API's own error shape, not the default HTML page.
    router.route().handler(ctx -> ctx.fail(404));
    return router;
  }
}
