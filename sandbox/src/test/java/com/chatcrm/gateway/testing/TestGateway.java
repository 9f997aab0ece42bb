package com.chatcrm.gateway.testing;

import static com.chatcrm.engine.testing.Await.await;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.gateway.dingtalk.DingTalkPlatform;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.ChatEventHandler;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.inbound.TextCommands;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.platform.ChatPlatform;
import com.chatcrm.gateway.wecom.WeComTenants;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import com.chatcrm.sandbox.SandboxMode;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The gateway wired as production wires it, for a test class on a FreshDatabase's vertx and pool: a
 * router listening on port 0, one {@link Engine}, the {@link Gateway} talking to the sandbox
 * stand-ins on that port (short backoff, 200 ms polls), {@link SandboxMode} mounted, and the inbox
 * processor and outbox dispatcher deployed. Companies are registered by the test, with the admins
 * it needs.
 */
public final class TestGateway implements AutoCloseable {

  private final Vertx vertx;
  private final Pool pool;
  private final Engine engine;
  private final Gateway gateway;
  private final SandboxMode sandbox;
  private final WebClient client;
  private final int port;
  private final Router router;

  private TestGateway(Vertx vertx, Pool pool, String miniAppUrl, TextCommands commands) {
    this.vertx = vertx;
    this.pool = pool;
    this.client = WebClient.create(vertx);
    this.router = Router.router(vertx);
    // the stand-ins are served on our own port: listen first, then point the gateway at it
    this.port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    this.engine =
        Engine.on(
            pool,
            Clock.systemUTC(),
            Engine.Caches.create(),
            Gateway.notifiers(vertx.eventBus(), miniAppUrl));
    this.gateway =
        new Gateway(
            vertx,
            engine,
            engine,
            Engine.Intake.on(pool, Gateway.INTAKE_STATEMENTS),
            new Gateway.Options(
                SandboxMode.apiBase(port, "wecom"),
                SandboxMode.apiBase(port, "dingtalk"),
                SandboxMode.apiBase(port, "dingtalk"),
                200,
                null,
                miniAppUrl,
                new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100))),
            new DatabaseOutage(vertx, pool));
    this.sandbox = new SandboxMode(vertx, engine, gateway, base(), port);
    sandbox.mount(router);
    gateway.mount(router);
    if (commands == null) {
      gateway.verticles().forEach(v -> await(vertx.deployVerticle(v)));
    } else {
      deployWith(commands);
    }
  }

  /** The production wiring, with the command language, and no mini-app. */
  public static TestGateway start(Vertx vertx, Pool pool) {
    return new TestGateway(vertx, pool, null, null);
  }

  /** The production wiring with the mini-app at {@code miniAppUrl}. */
  public static TestGateway withMiniApp(Vertx vertx, Pool pool, String miniAppUrl) {
    return new TestGateway(vertx, pool, miniAppUrl, null);
  }

  /**
   * The production platforms and outbox, but lines answered by {@code commands} (e.g. a stub that
   * records what it was handed) and buttons by the reminders' own card actions.
   */
  public static TestGateway withCommands(Vertx vertx, Pool pool, TextCommands commands) {
    return new TestGateway(vertx, pool, null, commands);
  }

  private void deployWith(TextCommands commands) {
    CardActions cards = new CardActions(engine.org(), engine.reminders(), engine.clock());
    ChatPlatform weCom = platform("wecom");
    ChatPlatform dingTalk = platform("dingtalk");
    await(
        vertx.deployVerticle(
            (Deployable)
                new InboundProcessor(
                    engine.inbox(),
                    Map.of(
                        weCom.id(),
                        new ChatEventHandler(weCom, commands, cards),
                        dingTalk.id(),
                        new ChatEventHandler(dingTalk, commands, cards)),
                    200)));
    await(
        vertx.deployVerticle(
            (Deployable)
                new OutboxDispatcher(
                    engine.outbox(),
                    Map.of(weCom.id(), weCom.sender(), dingTalk.id(), dingTalk.sender()),
                    200)));
  }

  /**
   * Registers the sandbox WeCom company {@code corp} with its app, {@code admins} (platform user
   * ids) as admins, and syncs its directory.
   */
  public Tenant registerWeCom(SandboxCorp corp, Collection<String> admins) {
    Tenant tenant = await(engine.tenants().register("wecom", corp.corpId(), corp.name(), null));
    JsonObject settings =
        WeComTenants.settingsOf(corp.app())
            .put("admins", new JsonArray(java.util.List.copyOf(admins)));
    await(engine.channels().put(Actor.system(tenant.id(), "test"), "wecom", settings));
    await(gateway.syncDirectory("wecom", tenant.id()));
    return tenant;
  }

  /**
   * Registers the sandbox DingTalk company {@code corp} (its first member an admin) with {@code
   * extra} settings merged in, and syncs its directory.
   */
  public Tenant registerDingTalk(SandboxDingTalkCorp corp, JsonObject extra) {
    Tenant tenant = await(engine.tenants().register("dingtalk", corp.corpId(), corp.name(), null));
    await(
        engine
            .channels()
            .put(
                Actor.system(tenant.id(), "test"),
                "dingtalk",
                SandboxCorps.settings(corp, null).mergeIn(extra)));
    await(gateway.syncDirectory("dingtalk", tenant.id()));
    return tenant;
  }

  /**
   * A DingTalk adapter on its own, for tests that wire the rest by hand: it talks to the stand-in
   * at {@code apiBase} and records callbacks and Stream frames in {@code inbox}.
   */
  public static DingTalkPlatform dingTalk(
      Vertx vertx, Pool pool, WebClient client, String apiBase, Inbox inbox) {
    Engine engine = Engine.on(pool, Clock.systemUTC());
    return new DingTalkPlatform(
        vertx,
        client,
        apiBase,
        apiBase,
        new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)),
        engine.tenants(),
        engine.channels(),
        engine.org(),
        engine.handovers(),
        inbox,
        new CallbackSignatures(pool),
        inbox,
        engine.clock(),
        new DatabaseOutage(vertx, pool));
  }

  @Override
  public void close() {
    client.close();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public Engine engine() {
    return engine;
  }

  public Gateway gateway() {
    return gateway;
  }

  /** The gateway's adapter of {@code id}, e.g. "wecom". */
  public ChatPlatform platform(String id) {
    return gateway.platforms().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  public SandboxMode sandbox() {
    return sandbox;
  }

  public WebClient client() {
    return client;
  }

  /** The service's router, for a test's own routes beside the service's. */
  public Router router() {
    return router;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}: callbacks, stand-ins and sandbox APIs are all here. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The CRM user id of the synced directory user {@code platformUserId}. */
  public long userId(long tenantId, String platformUserId) {
    return await(engine.org().userId(tenantId, platformUserId));
  }

  /** The first column of the first row of {@code sql} as a number, e.g. a count(*). */
  public long count(String sql) {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }

  /** The first column of the first row of {@code sql} as text. */
  public String text(String sql) {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getString(0);
  }
}
