package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerChanges;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerList;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.mention.MentionBox;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.opportunity.OpportunityBoard;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.pool.PoolFilter;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.ActivitySummaryService;
import com.chatcrm.engine.report.PipelinePeriod;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineSummaryService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.transfer.CustomerTransfers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The mini-app's HTTP API, a route group mounted at {@code /api}: login (WeCom code, sandbox dev
 * login) into a signed session, then customers, contacts, follow-ups, reminders, mentions,
 * opportunities, the pipeline and the pool, each call made as the session's user so the engine
 * applies that user's permissions. Requests are validated against {@code openapi.yaml} (served at
 * {@code /api/openapi.yaml}); every failure is answered by {@link ApiErrors}.
 *
 * <p>Build with {@link #create}, which reads the OpenAPI contract, then {@link #mount}.
 */
public final class MiniAppApi {

  /** The contract on the classpath. */
  public static final String CONTRACT = "openapi.yaml";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BODY_LIMIT = 64 * 1024;

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final String contractText;
  private final MiniAppConfig config;
  private final Map<String, PlatformLogin> platforms;
  private final Clock clock;
  private final Sessions sessions;

  private final TenantService tenants;
  private final TenantChannels channels;
  private final OrgService org;
  private final OrgQueries orgQueries;
  private final CustomerService customers;
  private final CustomerList customerList;
  private final CustomerSearch customerSearch;
  private final ContactService contacts;
  private final FollowUpService followUps;
  private final ReminderService reminders;
  private final MentionService mentions;
  private final OpportunityService opportunities;
  private final OpportunityBoard board;
  private final PipelineSummaryService pipeline;
  private final PoolService poolService;
  private final ActivitySummaryService activity;
  private final Pool pool;
  private final CustomerTransfers transfers;

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
    this.pool = engine.pool();
    this.config = config;
    this.platforms = Map.copyOf(platforms);
    this.clock = engine.clock();
    this.outage = outage;
    this.contract = contract;
    this.contractText = contractText;
    this.sessions = new Sessions(vertx, config, clock);
    this.tenants = engine.tenants();
    this.channels = engine.channels();
    this.org = engine.org();
    this.orgQueries = engine.orgQueries();
    this.customers = engine.customers();
    this.customerList = engine.customerList();
    this.customerSearch = engine.search();
    this.contacts = engine.contacts();
    this.followUps = engine.followUps();
    this.reminders = engine.reminders();
    this.mentions = engine.mentions();
    this.opportunities = engine.opportunities();
    this.board = engine.board();
    this.pipeline = engine.pipeline();
    this.poolService = engine.poolService();
    this.activity = engine.activity();
    // a colleague handed a customer hears of it through the engine's notifier
    this.transfers = engine.transfers();
  }

  /**
   * Reads and checks the OpenAPI contract (at start-up, before the HTTP server listens).
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
    root.route("/api/*").subRouter(router());
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

    open(builder, "devLogin", this::devLogin);
    open(builder, "devLoginCompanies", this::devLoginCompanies);
    open(builder, "wecomLogin", c -> codeLogin(c, "wecom"));
    open(builder, "dingtalkLogin", c -> codeLogin(c, "dingtalk"));
    on(builder, "me", 200, this::me);
    on(builder, "jsSdkConfig", 200, this::jsSdkConfig);
    on(
        builder,
        "team",
        200,
        c ->
            orgQueries
                .team(c.actor())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::member))));

    on(builder, "listCustomers", 200, this::listCustomers);
    on(builder, "createCustomer", 201, this::createCustomer);
    // canEdit: the page offers changes (the level) only to who may make them
    on(
        builder,
        "getCustomer",
        200,
        c ->
            com.chatcrm.engine.access.AccessResolver.resolve(pool, c.actor())
                .compose(
                    access ->
                        customers
                            .get(c.actor(), c.id())
                            .map(
                                x ->
                                    Views.customer(x)
                                        .put(
                                            "canEdit",
                                            com.chatcrm.engine.customer.CustomerRules.canEdit(
                                                access, x)))));
    on(builder, "updateCustomer", 200, this::updateCustomer);
    on(
        builder,
        "deleteCustomer",
        200,
        c -> customers.delete(c.actor(), c.id()).map(Views::customer));
    on(
        builder,
        "restoreCustomer",
        200,
        c -> customers.restore(c.actor(), c.id()).map(Views::customer));
    on(
        builder,
        "claimCustomer",
        200,
        c -> poolService.claim(c.actor(), c.id()).map(Views::customer));
    on(
        builder,
        "transferCustomer",
        200,
        c -> transfers.transfer(c.actor(), c.id(), c.bodyLong("toUserId")).map(Views::customer));

    on(
        builder,
        "listContacts",
        200,
        c ->
            contacts
                .listByCustomer(c.actor(), c.id())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::contact))));
    on(builder, "addContact", 201, this::addContact);
    on(
        builder,
        "customerOpportunities",
        200,
        c ->
            opportunities
                .listForCustomer(c.actor(), c.id())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::opportunity))));
    on(
        builder,
        "timeline",
        200,
        c ->
            followUps
                .timeline(c.actor(), c.id(), c.query("cursor"), c.queryInt("limit", 20))
                .map(p -> Views.page(Views.all(p.items(), Views::followUp), p.nextCursor())));
    on(builder, "logFollowUp", 201, this::logFollowUp);
    on(builder, "setReminder", 201, this::setReminder);
    on(builder, "customerAudit", 200, this::customerAudit);

    on(builder, "myReminders", 200, this::myReminders);
    on(
        builder,
        "reminderDone",
        200,
        c -> reminders.done(c.actor(), c.id(), c.bodyInt("version")).map(Views::reminder));
    on(
        builder,
        "reminderSnooze",
        200,
        c ->
            reminders
                .snooze(c.actor(), c.id(), c.bodyInt("version"), c.instant("until"))
                .map(Views::reminder));
    on(
        builder,
        "myMentions",
        200,
        c ->
            mentions
                .open(
                    c.actor(),
                    "from_me".equals(c.query("box")) ? MentionBox.FROM_ME : MentionBox.TO_ME,
                    100)
                .map(l -> new JsonObject().put("items", Views.all(l, Views::mention))));
    on(builder, "mentionDone", 200, c -> mentions.done(c.actor(), c.id()).map(Views::mention));

    on(
        builder,
        "opportunityBoard",
        200,
        c ->
            board
                .board(c.actor())
                .map(cols -> new JsonObject().put("columns", Views.all(cols, Views::column))));
    on(
        builder,
        "moveStage",
        200,
        c ->
            opportunities
                .moveStage(c.actor(), c.id(), c.bodyInt("version"), c.bodyLong("stageId"))
                .map(Views::opportunity));
    on(builder, "pipeline", 200, this::pipelineSummary);
    on(builder, "listPool", 200, this::listPool);
    on(
        builder,
        "activity",
        200,
        c -> activity.lastDays(c.actor(), c.queryInt("days", 30)).map(Views::activity));

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

  // --- sessions --------------------------------------------------------------------------------

  private Future<Object> devLogin(Call c) {
    if (!config.sandbox()) {
      return Future.failedFuture(new NotFound("沙箱登录未开启：请从企业微信 / 钉钉工作台打开"));
    }
    JsonObject b = c.body();
    String platform = b.getString("platform", "wecom");
    String platformUserId = b.getString("userId");
    return tenants
        .find(platform, b.getString("corpId"))
        .compose(tenant -> sessionFor(tenant, platformUserId));
  }

  /** Users offered per company on the sandbox login form. */
  private static final int DEV_LOGIN_USERS = 8;

  /**
   * The sandbox login form's companies: the one a link names (?corpId=) or all, each with its
   * platform and a few active users, so the form logs in to the company the link was for.
   */
  private Future<Object> devLoginCompanies(Call c) {
    if (!config.sandbox()) {
      return Future.failedFuture(new NotFound("沙箱登录未开启：请从企业微信 / 钉钉工作台打开"));
    }
    return pool.preparedQuery(
            """
            SELECT t.platform, t.corp_id, t.name, u.platform_user_id, u.name AS user_name
              FROM tenant t
              CROSS JOIN LATERAL (SELECT platform_user_id, name FROM crm_user
                                   WHERE tenant_id = t.tenant_id AND active ORDER BY id LIMIT $2) u
             WHERE $1::text IS NULL OR t.corp_id = $1
             ORDER BY t.platform DESC, t.tenant_id
            """)
        .execute(Tuple.of(c.query("corpId"), DEV_LOGIN_USERS))
        .map(
            rows -> {
              Map<String, JsonObject> byCorp = new LinkedHashMap<>();
              for (Row r : rows) {
                JsonObject company =
                    byCorp.computeIfAbsent(
                        r.getString("platform") + ":" + r.getString("corp_id"),
                        k ->
                            new JsonObject()
                                .put("platform", r.getString("platform"))
                                .put("corpId", r.getString("corp_id"))
                                .put("name", r.getString("name"))
                                .put("users", new JsonArray()));
                company
                    .getJsonArray("users")
                    .add(
                        new JsonObject()
                            .put("userId", r.getString("platform_user_id"))
                            .put("name", r.getString("user_name")));
              }
              return new JsonObject()
                  .put("companies", new JsonArray(new ArrayList<>(byCorp.values())));
            });
  }

  /**
   * 免登: the platform turns the one-time code into its user id, which must be a member of the
   * company.
   */
  private Future<Object> codeLogin(Call c, String platform) {
    PlatformLogin login = platforms.get(platform);
    if (login == null) {
      return Future.failedFuture(new NotFound(platform + " login is not configured"));
    }
    JsonObject b = c.body();
    return tenants
        .find(platform, b.getString("corpId"))
        .compose(
            tenant ->
                login
                    .platformUserId(tenant, b.getString("code"))
                    .compose(platformUserId -> sessionFor(tenant, platformUserId)));
  }

  private Future<Object> sessionFor(Tenant tenant, String platformUserId) {
    return org.userId(tenant.id(), platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenant.id(), userId, Source.miniApp("login"));
              return orgQueries
                  .team(actor)
                  .map(
                      team -> {
                        String name =
                            team.stream()
                                .filter(m -> m.id() == userId)
                                .map(m -> m.name())
                                .findFirst()
                                .orElse(platformUserId);
                        return sessions.issue(tenant, userId, platformUserId, name);
                      });
            });
  }

  private Future<Object> me(Call c) {
    Actor actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant ->
                orgQueries
                    .team(actor)
                    .map(
                        team -> {
                          JsonObject me =
                              team.stream()
                                  .filter(m -> m.id() == actor.userId())
                                  .findFirst()
                                  .map(Views::member)
                                  .orElse(new JsonObject().put("id", actor.userId()));
                          boolean admin = "admin".equals(me.getString("role"));
                          return new JsonObject()
                              .put("user", me)
                              .put(
                                  "tenant",
                                  new JsonObject()
                                      .put("id", tenant.id())
                                      .put("name", tenant.name())
                                      .put("platform", tenant.platform())
                                      .put("corpId", tenant.corpId())
                                      .put(
                                          "timeZone",
                                          tenant.timeZone() == null
                                              ? "Asia/Shanghai"
                                              : tenant.timeZone().getId()))
                              .put("admin", admin)
                              .put("manager", admin || team.size() > 1)
                              .put("sandbox", config.sandbox());
                        }));
  }

  private Future<Object> jsSdkConfig(Call c) {
    Actor actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant -> {
              PlatformLogin platform = platforms.get(tenant.platform());
              if (platform == null) {
                return Future.failedFuture(
                    new NotFound("no JS-SDK for " + tenant.platform() + " is configured"));
              }
              // dd.config (DingTalk) and agentConfig (WeCom) also need the app's agent id
              Future<Object> agentId =
                  channels
                      .get(tenant.id(), tenant.platform())
                      .map(settings -> settings.getValue("agentId"))
                      .otherwise((Object) null);
              return platform
                  .jsapiTicket(tenant)
                  .compose(
                      ticket ->
                          agentId.map(
                              agent -> {
                                byte[] bytes = new byte[8];
                                RANDOM.nextBytes(bytes);
                                String nonce = HexFormat.of().formatHex(bytes);
                                long timestamp = Instant.now(clock).getEpochSecond();
                                return new JsonObject()
                                    .put("platform", tenant.platform())
                                    .put("appId", tenant.corpId())
                                    .put("corpId", tenant.corpId())
                                    .put("agentId", agent)
                                    .put("timestamp", timestamp)
                                    .put("nonceStr", nonce)
                                    .put(
                                        "signature",
                                        JsSdkSignature.sign(
                                            ticket, nonce, timestamp, c.query("url")));
                              }));
            });
  }

  // --- customers -------------------------------------------------------------------------------

  private Future<Object> listCustomers(Call c) {
    int limit = c.queryInt("limit", 20);
    String q = c.query("q");
    if (q != null) {
      return customerSearch
          .search(c.actor(), q, CustomerSearch.Scope.VISIBLE, limit)
          .map(
              hits -> {
                JsonArray items = new JsonArray();
                hits.forEach(
                    h -> items.add(Views.customer(h.customer()).put("matchedOn", h.matchedOn())));
                return Views.page(items, null);
              });
    }
    CustomerFilter.Scope scope =
        switch (c.query("scope") == null ? "team" : c.query("scope")) {
          case "mine" -> CustomerFilter.Scope.MINE;
          case "collaborating" -> CustomerFilter.Scope.COLLABORATING;
          default -> CustomerFilter.Scope.TEAM;
        };
    String level = c.query("level");
    Long owner = c.queryLong("ownerId");
    CustomerFilter filter =
        new CustomerFilter(
            scope, level == null ? null : CustomerLevel.parse(level), owner, c.query("tag"));
    return customerList
        .list(c.actor(), filter, c.queryLong("cursor"), limit)
        .map(p -> Views.page(Views.all(p.items(), Views::customer), p.nextCursor()));
  }

  private Future<Object> createCustomer(Call c) {
    JsonObject b = c.body();
    NewCustomer input =
        new NewCustomer(
            b.getString("name"),
            b.getString("shortName"),
            List.of(),
            b.getString("industry"),
            b.getString("region"),
            b.getString("source"),
            level(b),
            strings(b, "phones"),
            b.getString("address"),
            strings(b, "tags"),
            c.bodyLong("ownerId"));
    return customers.create(c.actor(), input).map(Views::customer);
  }

  private Future<Object> updateCustomer(Call c) {
    JsonObject b = c.body();
    CustomerChanges changes =
        new CustomerChanges(
            b.getString("name"),
            b.getString("shortName"),
            null,
            b.getString("industry"),
            b.getString("region"),
            b.getString("source"),
            level(b),
            b.containsKey("phones") ? strings(b, "phones") : null,
            b.getString("address"),
            b.containsKey("tags") ? strings(b, "tags") : null);
    return customers.update(c.actor(), c.id(), c.bodyInt("version"), changes).map(Views::customer);
  }

  private Future<Object> customerAudit(Call c) {
    // Reading the customer first applies its read permission to its history.
    return customers
        .get(c.actor(), c.id())
        .compose(
            customer -> AuditQueries.history(pool, c.actor().tenantId(), "customer", customer.id()))
        .map(l -> new JsonObject().put("items", Views.all(l, Views::audit)));
  }

  private Future<Object> addContact(Call c) {
    JsonObject b = c.body();
    return contacts
        .add(
            c.actor(),
            c.id(),
            new NewContact(
                b.getString("name"),
                b.getString("title"),
                strings(b, "phones"),
                b.getString("email"),
                b.getString("wechatId")))
        .map(Views::contact);
  }

  private Future<Object> logFollowUp(Call c) {
    JsonObject b = c.body();
    NewFollowUp input =
        new NewFollowUp(
            c.id(),
            c.bodyLong("opportunityId"),
            b.getString("method", "other"),
            b.getString("content"),
            c.instant("happenedAt"),
            b.getString("nextStep"),
            c.instant("nextFollowUpAt"));
    return followUps.log(c.actor(), input).map(Views::followUp);
  }

  private Future<Object> setReminder(Call c) {
    JsonObject b = c.body();
    Instant due = c.instant("dueAt");
    // The reminder may only be about a customer the user can read.
    return customers
        .get(c.actor(), c.id())
        .compose(
            customer ->
                reminders.create(
                    c.actor(),
                    NewReminder.at(due, b.getString("text")).aboutCustomer(customer.id())))
        .map(Views::reminder);
  }

  /**
   * 今日提醒: the overdue ones, those due before midnight in the tenant's zone ({@code today}), and how
   * many come later ({@code laterCount}, of the next 50); {@code upcoming} still lists every one
   * not yet due.
   */
  private Future<Object> myReminders(Call c) {
    Actor actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant ->
                reminders
                    .overdue(actor, 50)
                    .compose(
                        overdue ->
                            reminders
                                .upcoming(actor, 50)
                                .map(
                                    upcoming -> {
                                      Instant now = Instant.now(clock);
                                      ZoneId zone =
                                          tenant.timeZone() == null
                                              ? ZoneId.of("Asia/Shanghai")
                                              : tenant.timeZone();
                                      Instant midnight =
                                          now.atZone(zone)
                                              .toLocalDate()
                                              .plusDays(1)
                                              .atStartOfDay(zone)
                                              .toInstant();
                                      List<com.chatcrm.engine.reminder.Reminder> later =
                                          new ArrayList<>();
                                      List<com.chatcrm.engine.reminder.Reminder> today =
                                          new ArrayList<>();
                                      upcoming.forEach(
                                          r -> {
                                            if (!r.overdue(now)) {
                                              later.add(r);
                                              if (r.dueAt().isBefore(midnight)) {
                                                today.add(r);
                                              }
                                            }
                                          });
                                      return new JsonObject()
                                          .put("overdue", Views.all(overdue, Views::reminder))
                                          .put("today", Views.all(today, Views::reminder))
                                          .put("laterCount", later.size() - today.size())
                                          .put("upcoming", Views.all(later, Views::reminder));
                                    })));
  }

  private Future<Object> pipelineSummary(Call c) {
    PipelineScope scope =
        PipelineScope.valueOf(
            (c.query("scope") == null ? "me" : c.query("scope")).toUpperCase(Locale.ROOT));
    String month = c.query("month");
    PipelinePeriod period;
    try {
      YearMonth asked = month == null ? YearMonth.now(clock) : YearMonth.parse(month);
      DateBounds.refuse("month", asked.atDay(1));
      period = PipelinePeriod.month(asked);
    } catch (DateTimeParseException e) {
      return Future.failedFuture(InvalidInput.field("month", "应为 yyyy-MM，例如 2026-11"));
    }
    return pipeline.summary(c.actor(), scope, period).map(Views::pipeline);
  }

  private Future<Object> listPool(Call c) {
    String level = c.query("level");
    PoolFilter filter =
        new PoolFilter(
            level == null ? null : CustomerLevel.parse(level),
            c.query("industry"),
            c.query("region"));
    return poolService
        .list(c.actor(), filter, c.query("cursor"), c.queryInt("limit", 20))
        .map(p -> Views.page(Views.all(p.items(), Views::poolCustomer), p.nextCursor()));
  }

  private static CustomerLevel level(JsonObject b) {
    return b.getString("level") == null ? null : CustomerLevel.parse(b.getString("level"));
  }

  private static List<String> strings(JsonObject b, String key) {
    JsonArray a = b.getJsonArray(key);
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }

  // --- plumbing --------------------------------------------------------------------------------

  /**
   * A handler that needs a session: the reply is the JSON the work produces, with the given status.
   */
  private void on(
      RouterBuilder builder, String operationId, int status, Function<Call, Future<?>> work) {
    builder.getRoute(operationId).addHandler(ctx -> run(ctx, status, work));
  }

  /** A handler of a public operation (the logins). */
  private void open(RouterBuilder builder, String operationId, Function<Call, Future<?>> work) {
    builder.getRoute(operationId).addHandler(ctx -> run(ctx, 200, work));
  }

  private static void run(RoutingContext ctx, int status, Function<Call, Future<?>> work) {
    Future<?> result;
    try {
      Call call = new Call(ctx);
      call.refuseControlCharacters();
      result = work.apply(call);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result
        .onSuccess(
            body ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(((JsonObject) body).encode()))
        .onFailure(ctx::fail);
  }

  /** One request: its validated parameters and the acting user. */
  private static final class Call {

    private final RoutingContext ctx;
    private final ValidatedRequest request;

    Call(RoutingContext ctx) {
      this.ctx = ctx;
      this.request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    }

    Actor actor() {
      if (ctx.user() == null) {
        throw new IllegalStateException("an authenticated operation ran without a user");
      }
      String requestId = ctx.request().getHeader("x-request-id");
      return Actor.user(
          Sessions.tenantId(ctx.user()),
          Sessions.userId(ctx.user()),
          Source.miniApp(
              requestId == null || requestId.isBlank() || requestId.length() > 100
                  ? UUID.randomUUID().toString()
                  : requestId));
    }

    /**
     * The engine's rule for stored text, applied to every query parameter and body string: lookups
     * (a search, a login's company) reach PostgreSQL too, which fails on NUL.
     */
    void refuseControlCharacters() {
      request
          .getQuery()
          .forEach((name, p) -> refuseIn(name, p == null || p.isNull() ? null : p.get()));
      RequestParameter b = request.getBody();
      refuseIn(null, b == null || b.isNull() ? null : b.get());
    }

    private static void refuseIn(String field, Object value) {
      if (value instanceof String text) {
        ControlCharacters.refuse(field, text);
      } else if (value instanceof JsonObject o) {
        o.forEach(e -> refuseIn(e.getKey(), e.getValue()));
      } else if (value instanceof JsonArray a) {
        a.forEach(v -> refuseIn(field, v));
      }
    }

    long id() {
      return digits("id", request.getPathParameters().get("id").getString());
    }

    /**
     * An id of the path or query: the contract lets only decimal digits through; bigint's range is
     * checked here.
     */
    private static long digits(String field, String text) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw InvalidInput.field(field, "应为不超过 19 位的正整数");
      }
    }

    /**
     * A whole number of the body as a long; a fraction (1e3 is 1000.0) or a number beyond long is
     * refused.
     */
    Long bodyLong(String field) {
      Object v = body().getValue(field);
      if (v == null || v instanceof Integer || v instanceof Long) {
        return v == null ? null : ((Number) v).longValue();
      }
      throw InvalidInput.field(field, "应为整数");
    }

    Integer bodyInt(String field) {
      Long v = bodyLong(field);
      if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
        throw InvalidInput.field(field, "应为整数");
      }
      return v == null ? null : v.intValue();
    }

    JsonObject body() {
      RequestParameter body = request.getBody();
      return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
    }

    String query(String name) {
      RequestParameter p = request.getQuery().get(name);
      return p == null || p.isNull() ? null : String.valueOf(p.get());
    }

    Long queryLong(String name) {
      RequestParameter p = request.getQuery().get(name);
      return p == null || p.isNull() ? null : digits(name, String.valueOf(p.get()));
    }

    int queryInt(String name, int fallback) {
      RequestParameter p = request.getQuery().get(name);
      return p == null || p.isNull() ? fallback : ((Number) p.get()).intValue();
    }

    /** An ISO-8601 instant from the body, e.g. {@code 2026-11-24T10:00:00+08:00}. */
    Instant instant(String field) {
      String text = body().getString(field);
      if (text == null) {
        return null;
      }
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw InvalidInput.field(field, "应为 ISO-8601 时间，例如 2026-11-24T10:00:00+08:00");
      }
    }
  }
}
