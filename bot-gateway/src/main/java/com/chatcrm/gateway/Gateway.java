package com.chatcrm.gateway;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.command.ChatCommands;
import com.chatcrm.gateway.command.CommandButtons;
import com.chatcrm.gateway.command.ParseApi;
import com.chatcrm.gateway.dingtalk.DingTalkCallbackHandler;
import com.chatcrm.gateway.dingtalk.DingTalkDirectorySync;
import com.chatcrm.gateway.dingtalk.DingTalkInboundHandler;
import com.chatcrm.gateway.dingtalk.DingTalkSender;
import com.chatcrm.gateway.dingtalk.DingTalkStreamClient;
import com.chatcrm.gateway.dingtalk.DingTalkTenants;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.notify.EmailFallbackSender;
import com.chatcrm.gateway.notify.EmailSender;
import com.chatcrm.gateway.notify.OutboxNotifier;
import com.chatcrm.gateway.notify.SmtpSettings;
import com.chatcrm.gateway.outbound.ChannelSender;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.DingTalkSandbox;
import com.chatcrm.gateway.sandbox.SandboxChatApi;
import com.chatcrm.gateway.sandbox.SandboxCorp;
import com.chatcrm.gateway.sandbox.SandboxCorps;
import com.chatcrm.gateway.sandbox.SandboxDemoData;
import com.chatcrm.gateway.sandbox.SandboxDingTalkCorp;
import com.chatcrm.gateway.sandbox.SandboxDingTalkCorps;
import com.chatcrm.gateway.sandbox.WeComSandbox;
import com.chatcrm.gateway.wecom.WeComApp;
import com.chatcrm.gateway.wecom.WeComCallbackHandler;
import com.chatcrm.gateway.wecom.WeComDirectorySync;
import com.chatcrm.gateway.wecom.WeComInboundHandler;
import com.chatcrm.gateway.wecom.WeComSender;
import com.chatcrm.gateway.wecom.WeComTenants;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat side of the service, assembled: WeCom and DingTalk callback routes, the inbox processor
 * and outbox dispatcher verticles, and (in sandbox mode) the platform stand-ins with their
 * companies.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /**
   * Where the platform APIs are: real base URLs, or "sandbox" for the built-in stand-ins served on
   * our own port.
   */
  public record Options(
      String wecomApiBaseUrl,
      String dingtalkApiBaseUrl,
      String dingtalkOapiBaseUrl,
      boolean sandbox,
      long pollMillis,
      SmtpSettings smtp) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Pool intake;

  /**
   * Intake statements in flight at once, and so the size of the intake pool: callbacks arriving
   * while they run go into the next group, so fewer means bigger groups per commit; 4 keep the WAL
   * writer busy.
   */
  public static final int INTAKE_STATEMENTS = 4;

  private final Pool work;

  /** One grouping intake for both platforms: callbacks arriving together share a commit. */
  private final Inbox callbacks;

  private final WebClient client;
  private final TenantService tenants;
  private final TenantChannels channels;
  private final WeComTenants weComTenants;
  private final DingTalkTenants dingTalkTenants;
  private final WeComSandbox weComSandbox;
  private final DingTalkSandbox dingTalkSandbox;
  private final Options options;
  private final DatabaseOutage outage;
  private final ChatCommands commands;
  private final OutboxNotifier notifier;
  private WeComSender weComSender;
  private DingTalkSender dingTalkSender;
  private WeComDirectorySync weComDirectory;
  private DingTalkDirectorySync dingTalkDirectory;
  private volatile int httpPort;

  /**
   * How users reach the service; the sandbox DingTalk app's mini-app is there, like every other
   * link.
   */
  private volatile String publicUrl;

  public Gateway(Vertx vertx, Pool pool, Options options) {
    this(vertx, pool, pool, pool, options);
  }

  /**
   * @param intake connections only for recording callbacks in the inbox: a platform's
   *     acknowledgement then waits for its own insert, never for a connection that the processing
   *     of earlier callbacks holds
   * @param work connections for processing the inbox and sending the outbox. They may commit
   *     without waiting for the WAL flush ({@code synchronous_commit = off}): everything they write
   *     follows from an inbox or outbox row that was committed durably, and a crash that loses
   *     their last writes loses the marks "done"/"sent" written after them too, so the work is
   *     simply done again (follow-ups, replies and outbox rows are keyed by the platform message id
   *     and are not duplicated; a reply may be sent twice).
   */
  public Gateway(Vertx vertx, Pool pool, Pool intake, Pool work, Options options) {
    this(vertx, pool, intake, work, options, new DatabaseOutage(vertx, pool));
  }

  /**
   * @param outage the process's record of database outages: what fails for want of it is counted
   *     there
   */
  public Gateway(
      Vertx vertx, Pool pool, Pool intake, Pool work, Options options, DatabaseOutage outage) {
    this.vertx = vertx;
    this.outage = outage;
    this.pool = pool;
    this.intake = intake;
    this.work = work;
    this.callbacks = Inbox.grouped(intake, INTAKE_STATEMENTS);
    this.options = options;
    this.client = WebClient.create(vertx);
    this.tenants = new TenantService(pool);
    this.channels = new TenantChannels(pool);
    this.weComTenants = new WeComTenants(vertx, tenants, channels);
    this.dingTalkTenants = new DingTalkTenants(vertx, tenants, channels);
    this.weComSandbox = options.sandbox() ? new WeComSandbox(vertx) : null;
    this.dingTalkSandbox = options.sandbox() ? new DingTalkSandbox(vertx) : null;
    this.notifier = new OutboxNotifier(new Recipients(pool), new Outbox(pool), vertx.eventBus());
    this.commands = new ChatCommands(work, Clock.systemUTC(), notifier);
    if (options.sandbox()) {
      SandboxCorps.all().forEach(weComSandbox::addCorp);
      SandboxDingTalkCorps.all().forEach(dingTalkSandbox::addCorp);
    }
  }

  /**
   * A GET on a tenant's WeCom app API (token handled), for the mini-app's 免登; ready once deployed.
   */
  public Future<io.vertx.core.json.JsonObject> weComGet(
      long tenantId, String path, Map<String, String> params) {
    if (weComSender == null) {
      return Future.failedFuture(new IllegalStateException("the gateway is still starting"));
    }
    return weComSender.api(tenantId).compose(api -> api.get(path, params));
  }

  /** The DingTalk member behind a mini-app login code (免登), for the mini-app. */
  public Future<String> dingTalkUserByCode(long tenantId, String code) {
    if (dingTalkSender == null) {
      return Future.failedFuture(new IllegalStateException("the gateway is still starting"));
    }
    return dingTalkSender.api(tenantId).compose(api -> api.userIdByAuthCode(code));
  }

  /** A fresh DingTalk jsapi ticket of the tenant's app, for the mini-app's dd.config. */
  public Future<String> dingTalkJsapiTicket(long tenantId) {
    if (dingTalkSender == null) {
      return Future.failedFuture(new IllegalStateException("the gateway is still starting"));
    }
    return dingTalkSender.api(tenantId).compose(api -> api.jsapiTicket());
  }

  /**
   * How the engine's schedulers push reminders and reports (outbox → the user's platform, or mail).
   */
  public Notifier notifier() {
    return notifier;
  }

  /** Adds the callback routes (and the sandbox APIs) to the service's router. */
  public void mount(Router router) {
    new WeComCallbackHandler(weComTenants, callbacks, vertx.eventBus(), Clock.systemUTC(), outage)
        .mount(router);
    new DingTalkCallbackHandler(
            dingTalkTenants,
            callbacks,
            new CallbackSignatures(intake),
            vertx.eventBus(),
            Clock.systemUTC(),
            outage)
        .mount(router);
    if (options.sandbox()) {
      new ParseApi(pool, commands).mount(router);
      router.route("/sandbox/wecom/*").subRouter(weComSandbox.router());
      router.route("/sandbox/dingtalk/*").subRouter(dingTalkSandbox.router());
      // the sandbox chat page and its API: typed lines go through the real (signed) callback path
      new SandboxChatApi(vertx, pool, weComSandbox, dingTalkSandbox, () -> httpPort).mount(router);
    }
  }

  /** Reacts to changes announced by any node (see the engine's ChangeFeed). */
  public void onChange(String message) {
    if (message.startsWith("tenant_channel:")) {
      weComTenants.invalidateAll();
      dingTalkTenants.invalidateAll();
    }
  }

  /**
   * The verticles to deploy once the HTTP server knows its port.
   *
   * @param publicUrl how users reach the service (links in messages open its mini-app pages)
   */
  public List<Deployable> verticles(int httpPort, String publicUrl) {
    this.httpPort = httpPort;
    this.publicUrl = publicUrl;
    commands.withMiniApp(publicUrl + "/m/");
    notifier.withMiniApp(publicUrl + "/m/", tenants);
    weComSender =
        new WeComSender(
            vertx,
            client,
            base(options.wecomApiBaseUrl(), "wecom"),
            weComTenants,
            Backoff.standard());
    dingTalkSender =
        new DingTalkSender(
            vertx,
            client,
            base(options.dingtalkApiBaseUrl(), "dingtalk"),
            base(options.dingtalkOapiBaseUrl(), "dingtalk"),
            dingTalkTenants,
            Backoff.standard(),
            Clock.systemUTC());
    OrgService org = new OrgService(work);
    weComDirectory = new WeComDirectorySync(weComSender, org);
    dingTalkDirectory = new DingTalkDirectorySync(dingTalkSender, org);
    Outbox outbox = new Outbox(work);
    CardActions cardActions =
        new CardActions(
            org,
            new ReminderService(work),
            Clock.systemUTC(),
            new CommandButtons(work, commands, outbox, vertx.eventBus(), Clock.systemUTC()));
    Map<String, ChannelSender> senders = new HashMap<>();
    senders.put("dingtalk", dingTalkSender);
    if (options.smtp() != null) {
      EmailSender email = new EmailSender(vertx, options.smtp());
      senders.put(OutboxNotifier.EMAIL_CHANNEL, email);
      // a recipient WeCom refuses for good still gets the message, by mail
      senders.put("wecom", new EmailFallbackSender(weComSender, email, new Recipients(pool)));
    } else {
      senders.put("wecom", weComSender);
    }
    return List.<Deployable>of(
        new InboundProcessor(
                new Inbox(work),
                Map.of(
                    "wecom",
                        new WeComInboundHandler(
                            commands,
                            outbox,
                            weComSender,
                            vertx.eventBus(),
                            weComDirectory,
                            cardActions),
                    "dingtalk",
                        new DingTalkInboundHandler(
                            commands, outbox, vertx.eventBus(), dingTalkDirectory, cardActions)),
                options.pollMillis(),
                callbacks::recentAcceptMillis)
            .reportOutagesTo(outage),
        new OutboxDispatcher(outbox, Map.copyOf(senders), options.pollMillis())
            .reportOutagesTo(outage));
  }

  private String base(String configured, String platform) {
    return "sandbox".equals(configured)
        ? "http://127.0.0.1:" + httpPort + "/sandbox/" + platform
        : configured;
  }

  /**
   * In sandbox mode: registers the sandbox companies as tenants with their apps and syncs their
   * directories, so the sandbox chat works out of the box. Safe to run at every start.
   */
  public Future<Void> registerSandboxCompanies() {
    if (!options.sandbox()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCorp corp : SandboxCorps.all()) {
      chain =
          chain
              .compose(v -> tenants.register("wecom", corp.corpId(), corp.name(), null))
              .compose(
                  tenant ->
                      channels
                          .put(
                              Actor.system(tenant.id(), "sandbox"),
                              "wecom",
                              WeComTenants.settingsOf(
                                      new WeComApp(
                                          corp.corpId(),
                                          corp.agentId(),
                                          corp.secret(),
                                          corp.callbackToken(),
                                          corp.encodingAesKey()))
                                  .put(
                                      "admins",
                                      new JsonArray().add(corp.members().get(0).userId())))
                          .compose(v -> weComDirectory.full(tenant.id())))
              .mapEmpty();
    }
    for (SandboxDingTalkCorp corp : SandboxDingTalkCorps.all()) {
      chain =
          chain
              .compose(v -> tenants.register("dingtalk", corp.corpId(), corp.name(), null))
              .compose(
                  tenant ->
                      channels
                          .put(
                              Actor.system(tenant.id(), "sandbox"),
                              "dingtalk",
                              SandboxDingTalkCorps.settings(
                                  corp, publicUrl == null ? null : publicUrl + "/m/"))
                          .compose(v -> dingTalkDirectory.full(tenant.id())))
              .mapEmpty();
    }
    return chain.onSuccess(
        v ->
            LOG.info(
                "Sandbox companies registered: {} (WeCom), {} (DingTalk)",
                SandboxCorps.all().stream().map(SandboxCorp::name).toList(),
                SandboxDingTalkCorps.all().stream().map(SandboxDingTalkCorp::name).toList()));
  }

  /**
   * In sandbox mode, for the dev profile: gives each sandbox company its demo customers, contacts,
   * opportunities and follow-ups, once (a company with customers is left alone). Run after {@link
   * #registerSandboxCompanies()}.
   */
  public Future<Void> seedSandboxDemoData() {
    if (!options.sandbox()) {
      return Future.succeededFuture();
    }
    SandboxDemoData demo = new SandboxDemoData(pool, Clock.systemUTC());
    // one company after the other: side by side they only wait on each other's locks
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCorp corp : SandboxCorps.all()) {
      chain =
          chain
              .compose(
                  v ->
                      demo.seed(
                          "wecom",
                          corp.corpId(),
                          corp.members().stream().map(SandboxCorp.Member::userId).toList()))
              .mapEmpty();
    }
    for (SandboxDingTalkCorp corp : SandboxDingTalkCorps.all()) {
      chain =
          chain
              .compose(
                  v ->
                      demo.seed(
                          "dingtalk",
                          corp.corpId(),
                          corp.members().stream().map(SandboxCorp.Member::userId).toList()))
              .mapEmpty();
    }
    return chain;
  }

  /**
   * One DingTalk Stream connection per tenant whose settings say {@code "stream": true} (companies
   * that cannot expose a callback URL). Deploy each; they reconnect on their own.
   */
  public Future<List<Deployable>> streamClients() {
    String apiBase = base(options.dingtalkApiBaseUrl(), "dingtalk");
    return channels
        .all("dingtalk")
        .map(
            configured ->
                configured.stream()
                    .filter(c -> c.settings().getBoolean("stream", false))
                    .<Deployable>map(
                        c ->
                            new DingTalkStreamClient(
                                    DingTalkTenants.appOf(c.corpId(), c.settings()),
                                    c.tenantId(),
                                    new Inbox(pool),
                                    apiBase,
                                    Backoff.standard())
                                .reportOutagesTo(outage))
                    .toList());
  }

  public WeComSandbox weComSandbox() {
    return weComSandbox;
  }

  public DingTalkSandbox dingTalkSandbox() {
    return dingTalkSandbox;
  }
}
