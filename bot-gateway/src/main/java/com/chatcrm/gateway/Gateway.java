package com.chatcrm.gateway;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.HelpOnlyCommands;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.inbound.TextCommands;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.SandboxCorp;
import com.chatcrm.gateway.sandbox.SandboxCorps;
import com.chatcrm.gateway.sandbox.WeComSandbox;
import com.chatcrm.gateway.wecom.WeComApp;
import com.chatcrm.gateway.wecom.WeComCallbackHandler;
import com.chatcrm.gateway.wecom.WeComDirectorySync;
import com.chatcrm.gateway.wecom.WeComInboundHandler;
import com.chatcrm.gateway.wecom.WeComSender;
import com.chatcrm.gateway.wecom.WeComTenants;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat side of the service, assembled: callback routes, the inbox processor and outbox dispatcher
 * verticles, and (in sandbox mode) the stand-in platform API with its companies registered.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /** Where the platform APIs are: real URLs, or "sandbox" for the built-in stand-in on our own port. */
  public record Options(String wecomApiBaseUrl, boolean sandbox, long pollMillis) {}

  private final Vertx vertx;
  private final Pool pool;
  private final WebClient client;
  private final TenantService tenants;
  private final TenantChannels channels;
  private final WeComTenants weComTenants;
  private final WeComSandbox sandbox;
  private final Options options;
  private WeComSender weComSender;
  private WeComDirectorySync weComDirectory;

  public Gateway(Vertx vertx, Pool pool, Options options) {
    this.vertx = vertx;
    this.pool = pool;
    this.options = options;
    this.client = WebClient.create(vertx);
    this.tenants = new TenantService(pool);
    this.channels = new TenantChannels(pool);
    this.weComTenants = new WeComTenants(vertx, tenants, channels);
    this.sandbox = options.sandbox() ? new WeComSandbox(vertx) : null;
    if (sandbox != null) {
      SandboxCorps.all().forEach(sandbox::addCorp);
    }
  }

  /** Adds the callback routes (and the sandbox API) to the service's router. */
  public void mount(Router router) {
    new WeComCallbackHandler(weComTenants, new Inbox(pool), vertx.eventBus()).mount(router);
    if (sandbox != null) {
      router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    }
  }

  /** Reacts to changes announced by any node (see the engine's ChangeFeed). */
  public void onChange(String message) {
    if (message.startsWith("tenant_channel:")) {
      weComTenants.invalidateAll();
    }
  }

  /** The verticles to deploy once the HTTP server knows its port. */
  public List<Deployable> verticles(int httpPort) {
    String base = "sandbox".equals(options.wecomApiBaseUrl())
        ? "http://127.0.0.1:" + httpPort + "/sandbox/wecom"
        : options.wecomApiBaseUrl();
    weComSender = new WeComSender(vertx, client, base, weComTenants, Backoff.standard());
    weComDirectory = new WeComDirectorySync(weComSender, new OrgService(pool));
    TextCommands commands = new HelpOnlyCommands();
    Outbox outbox = new Outbox(pool);
    return List.<Deployable>of(
        new InboundProcessor(new Inbox(pool), Map.of("wecom",
            new WeComInboundHandler(commands, outbox, weComSender, vertx.eventBus(), weComDirectory,
                new CardActions(new OrgService(pool), new ReminderService(pool), Clock.systemUTC()))),
            options.pollMillis()),
        new OutboxDispatcher(outbox, Map.of("wecom", weComSender), options.pollMillis()));
  }

  /**
   * In sandbox mode: registers the sandbox companies as tenants with their apps and syncs their
   * directories, so the sandbox chat works out of the box. Safe to run at every start.
   */
  public Future<Void> registerSandboxCompanies() {
    if (sandbox == null) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCorp corp : SandboxCorps.all()) {
      chain = chain.compose(v -> tenants.register("wecom", corp.corpId(), corp.name(), null))
          .compose(tenant -> channels.put(Actor.system(tenant.id(), "sandbox"), "wecom",
                  WeComTenants.settingsOf(new WeComApp(corp.corpId(), corp.agentId(), corp.secret(),
                      corp.callbackToken(), corp.encodingAesKey()))
                      .put("admins", new JsonArray().add(corp.members().get(0).userId())))
              .compose(v -> weComDirectory.full(tenant.id())))
          .mapEmpty();
    }
    return chain.onSuccess(v -> LOG.info("Sandbox companies registered: {}",
        SandboxCorps.all().stream().map(SandboxCorp::name).toList()));
  }

  public WeComSandbox sandbox() {
    return sandbox;
  }
}
