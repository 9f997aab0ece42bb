package com.chatcrm.gateway.testing;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.command.ChatCommands;
import com.chatcrm.gateway.command.CommandButtons;
import com.chatcrm.gateway.command.ParseApi;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.notify.OutboxNotifier;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import com.chatcrm.gateway.sandbox.SandboxCall;
import com.chatcrm.gateway.sandbox.SandboxCorp;
import com.chatcrm.gateway.sandbox.SandboxCorps;
import com.chatcrm.gateway.sandbox.WeComCallbackSimulator;
import com.chatcrm.gateway.sandbox.WeComSandbox;
import com.chatcrm.gateway.wecom.WeComApp;
import com.chatcrm.gateway.wecom.WeComCallbackHandler;
import com.chatcrm.gateway.wecom.WeComDirectorySync;
import com.chatcrm.gateway.wecom.WeComInboundHandler;
import com.chatcrm.gateway.wecom.WeComSender;
import com.chatcrm.gateway.wecom.WeComTenants;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WeCom's real chat path for a test class, wired once in its {@code @BeforeAll} on a
 * FreshDatabase's vertx and pool: the sandbox corp 华信科技 as a registered tenant, its signed callback
 * into the inbox, {@link ChatCommands} with an outbox notifier, the inbound processor and the
 * outbox dispatcher sending back to the sandbox, where the helpers read it.
 */
public final class WeComChat implements AutoCloseable {

  private final Pool pool;
  private final SandboxCorp corp = SandboxCorps.huaxin();
  private final WebClient client;
  private final WeComSandbox sandbox;
  private final OrgService org;
  private Tenant tenant;
  private ChatCommands commands;
  private WeComCallbackSimulator wecom;
  private int port;

  private WeComChat(Vertx vertx, Pool pool) {
    this.pool = pool;
    this.client = WebClient.create(vertx);
    this.sandbox = new WeComSandbox(vertx).addCorp(corp);
    this.org = new OrgService(pool);
  }

  /**
   * Wires the path and syncs the sandbox directory; {@code admins} are the platform user ids made
   * admins.
   */
  public static WeComChat start(Vertx vertx, Pool pool, Set<String> admins) throws Exception {
    WeComChat chat = new WeComChat(vertx, pool);
    chat.wire(vertx, admins);
    return chat;
  }

  private void wire(Vertx vertx, Set<String> admins) throws Exception {
    TenantService tenants = new TenantService(pool);
    TenantChannels channels = new TenantChannels(pool);
    tenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(
        channels.put(
            Actor.system(tenant.id(), "test"),
            "wecom",
            WeComTenants.settingsOf(
                new WeComApp(
                    corp.corpId(),
                    corp.agentId(),
                    corp.secret(),
                    corp.callbackToken(),
                    corp.encodingAesKey()))));
    WeComTenants weComTenants = new WeComTenants(vertx, tenants, channels);
    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    Router router = Router.router(vertx);
    router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    new WeComCallbackHandler(
            weComTenants,
            inbox,
            vertx.eventBus(),
            Clock.systemUTC(),
            new DatabaseOutage(vertx, pool))
        .mount(router);
    Clock clock = Clock.systemUTC();
    commands =
        new ChatCommands(
            pool, clock, new OutboxNotifier(new Recipients(pool), outbox, vertx.eventBus()));
    new ParseApi(pool, commands).mount(router);
    port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();

    WeComSender sender =
        new WeComSender(
            vertx,
            client,
            "http://127.0.0.1:" + port + "/sandbox/wecom",
            weComTenants,
            new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)));
    WeComDirectorySync directory = new WeComDirectorySync(sender, org);
    await(directory.full(tenant.id(), admins));
    CardActions cards =
        new CardActions(
            org,
            new ReminderService(pool),
            clock,
            new CommandButtons(pool, commands, outbox, vertx.eventBus(), clock));
    await(
        vertx.deployVerticle(
            new InboundProcessor(
                inbox,
                Map.of(
                    "wecom",
                    new WeComInboundHandler(
                        commands, outbox, sender, vertx.eventBus(), directory, cards)),
                200)));
    await(vertx.deployVerticle(new OutboxDispatcher(outbox, Map.of("wecom", sender), 200)));
    wecom = new WeComCallbackSimulator(client, "http://127.0.0.1:" + port + "/callback/wecom");
  }

  @Override
  public void close() {
    client.close();
  }

  public Tenant tenant() {
    return tenant;
  }

  public SandboxCorp corp() {
    return corp;
  }

  public WeComSandbox sandbox() {
    return sandbox;
  }

  public WeComCallbackSimulator wecom() {
    return wecom;
  }

  public WebClient client() {
    return client;
  }

  /** The port the callback, sandbox and /sandbox/parse routes listen on. */
  public int port() {
    return port;
  }

  public ChatCommands commands() {
    return commands;
  }

  /** The CRM user id of the synced directory user {@code platformUserId}, e.g. "lisi". */
  public long userId(String platformUserId) throws Exception {
    return await(org.userId(tenant.id(), platformUserId));
  }

  /** The sandbox's successful message/send calls to {@code user}, oldest first. */
  public List<SandboxCall> sendsTo(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(
            c -> user.equals(c.body().getString("touser")) && c.answer().getInteger("errcode") == 0)
        .toList();
  }

  /** Types the line as {@code user} in WeCom and returns the bot's reply as sent. */
  public String say(String user, String line) throws Exception {
    int before = sendsTo(user).size();
    assertThat(await(wecom.post(wecom.text(corp, user, line))).statusCode()).isEqualTo(200);
    List<SandboxCall> replies = eventually(() -> sendsTo(user), l -> l.size() > before);
    return replies.get(replies.size() - 1).body().encode();
  }

  /**
   * Clicks a WeCom card button as {@code user} and answers the text the button shows afterwards.
   */
  public String click(String user, String key) throws Exception {
    String code = sandbox.issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, user, "task-" + System.nanoTime(), key, code)));
    SandboxCall update =
        eventually(
                () ->
                    sandbox.calls("/cgi-bin/message/update_template_card").stream()
                        .filter(c -> code.equals(c.body().getString("response_code")))
                        .toList(),
                l -> !l.isEmpty())
            .get(0);
    return update.body().getJsonObject("button").getString("replace_name");
  }

  public Customer customer(long owner, String name) throws Exception {
    return await(
        new CustomerService(pool)
            .create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  /** {@code user} acting through the API, with a fresh source on every call. */
  public Actor as(long user) {
    return Actor.user(tenant.id(), user, Source.api("t-" + System.nanoTime()));
  }

  /** The first column of the first row of {@code sql} as text. */
  public String text(String sql) {
    try {
      return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getString(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row of {@code sql} as a number, e.g. a count(*). */
  public long count(String sql) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
  }
}
