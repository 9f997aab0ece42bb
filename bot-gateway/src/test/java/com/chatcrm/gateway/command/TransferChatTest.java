package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 把X转给Y in WeCom, through the real callback and send paths: the new owner is told, the rep's own 撤销 gives the
 * customer back although the rep no longer sees it, and an admin may hand out a 公海 customer.
 */
class TransferChatTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final SandboxCorp corp = SandboxCorps.huaxin();
  static Vertx vertx;
  static Pool pool;
  static WeComSandbox sandbox;
  static WeComCallbackSimulator wecom;
  static WebClient client;
  static Tenant tenant;
  static long lisi;
  static long wangwu;
  static long zhangsan;

  @BeforeAll
  static void start() throws Exception {
    vertx = db.vertx();
    pool = db.pool();
    client = WebClient.create(vertx);
    sandbox = new WeComSandbox(vertx).addCorp(corp);
    TenantService tenants = new TenantService(pool);
    TenantChannels channels = new TenantChannels(pool);
    tenant = await(tenants.register("wecom", corp.corpId(), corp.name(), null));
    await(channels.put(Actor.system(tenant.id(), "test"), "wecom", WeComTenants.settingsOf(
        new WeComApp(corp.corpId(), corp.agentId(), corp.secret(), corp.callbackToken(), corp.encodingAesKey()))));
    WeComTenants weComTenants = new WeComTenants(vertx, tenants, channels);
    Inbox inbox = new Inbox(pool);
    Outbox outbox = new Outbox(pool);
    Router router = Router.router(vertx);
    router.route("/sandbox/wecom/*").subRouter(sandbox.router());
    new WeComCallbackHandler(weComTenants, inbox, vertx.eventBus()).mount(router);
    Clock clock = Clock.systemUTC();
    ChatCommands commands = new ChatCommands(pool, clock,
        new OutboxNotifier(new Recipients(pool), outbox, vertx.eventBus()));
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    WeComSender sender = new WeComSender(vertx, client, "http://127.0.0.1:" + port + "/sandbox/wecom", weComTenants,
        new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)));
    OrgService org = new OrgService(pool);
    WeComDirectorySync directory = new WeComDirectorySync(sender, org);
    await(directory.full(tenant.id(), Set.of("zhangsan")));
    lisi = await(org.userId(tenant.id(), "lisi"));
    wangwu = await(org.userId(tenant.id(), "wangwu"));
    zhangsan = await(org.userId(tenant.id(), "zhangsan"));
    CardActions cards = new CardActions(org, new ReminderService(pool), clock,
        new CommandButtons(pool, commands, outbox, vertx.eventBus(), clock));
    await(vertx.deployVerticle(new InboundProcessor(inbox,
        Map.of("wecom", new WeComInboundHandler(commands, outbox, sender, vertx.eventBus(), directory, cards)), 200)));
    await(vertx.deployVerticle(new OutboxDispatcher(outbox, Map.of("wecom", sender), 200)));
    wecom = new WeComCallbackSimulator(client, "http://127.0.0.1:" + port + "/callback/wecom");
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  @DisplayName("the new owner gets a card saying who handed them which customer, with 打开详情")
  void newOwnerIsTold() throws Exception {
    customer(lisi, "星河传媒");
    int before = sendsTo("wangwu").size();
    assertThat(say("lisi", "把星河转给王五")).contains("已转交", "王五");

    List<SandboxCall> told = eventually(() -> sendsTo("wangwu"), l -> l.size() > before);
    String card = told.get(told.size() - 1).body().encode();
    assertThat(card).contains("李四", "星河传媒", "转给了你", "打开详情");
  }

  @Test
  @DisplayName("撤销 by the rep who transferred gives the customer back, although the rep no longer sees it")
  void undoByTheRepWhoTransferred() throws Exception {
    Customer c = customer(lisi, "银河物流");
    String reply = say("lisi", "把银河物流转给王五");
    assertThat(owner(c.id())).isEqualTo(wangwu);
    String key = new JsonObject(reply).getJsonObject("template_card").getJsonArray("button_list").stream()
        .map(o -> (JsonObject) o).filter(b -> "撤销".equals(b.getString("text"))).findFirst().orElseThrow()
        .getString("key");
    String taskId = new JsonObject(reply).getJsonObject("template_card").getString("task_id");

    await(wecom.post(wecom.cardClick(corp, "lisi", taskId, key, "code-undo-1")));
    eventually(() -> owner(c.id()), o -> o != null && o == lisi);
    List<SandboxCall> updates = eventually(() -> sandbox.calls("/cgi-bin/message/update_template_card"),
        l -> l.stream().anyMatch(u -> u.body().encode().contains("code-undo-1")));
    assertThat(updates.stream().filter(u -> u.body().encode().contains("code-undo-1")).findFirst().orElseThrow()
        .body().encode()).contains("已撤销").doesNotContain("无法撤销");
  }

  @Test
  @DisplayName("an admin hands a 公海 customer to a rep: it leaves the pool, the rep is told; 撤销 puts it back")
  void adminTransfersFromThePool() throws Exception {
    Customer c = customer(lisi, "海王星贸易");
    await(new PoolService(pool, Clock.systemUTC()).release(
        Actor.user(tenant.id(), lisi, Source.api("t")), c.id(), "不跟了"));
    int before = sendsTo("wangwu").size();

    String reply = say("zhangsan", "把海王星贸易转给王五");
    assertThat(reply).contains("已转交", "王五");
    Row row = await(pool.preparedQuery("SELECT owner_id, in_pool FROM customer WHERE tenant_id = $1 AND id = $2")
        .execute(Tuple.of(tenant.id(), c.id()))).iterator().next();
    assertThat(row.getLong("owner_id")).isEqualTo(wangwu);
    assertThat(row.getBoolean("in_pool")).isFalse();
    List<SandboxCall> told = eventually(() -> sendsTo("wangwu"), l -> l.size() > before);
    assertThat(told.get(told.size() - 1).body().encode()).contains("张三", "海王星贸易", "转给了你");

    // the admin's 撤销 puts it back into the pool it came from
    JsonObject card = new JsonObject(reply).getJsonObject("template_card");
    String undo = card.getJsonArray("button_list").stream().map(o -> (JsonObject) o)
        .filter(b -> "撤销".equals(b.getString("text"))).findFirst().orElseThrow().getString("key");
    await(wecom.post(wecom.cardClick(corp, "zhangsan", card.getString("task_id"), undo, "code-undo-2")));
    eventually(() -> owner(c.id()), o -> o == null);
    assertThat(await(pool.preparedQuery("SELECT in_pool FROM customer WHERE tenant_id = $1 AND id = $2")
        .execute(Tuple.of(tenant.id(), c.id()))).iterator().next().getBoolean(0)).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private static List<SandboxCall> sendsTo(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(c -> user.equals(c.body().getString("touser")) && c.answer().getInteger("errcode") == 0).toList();
  }

  /** Types the line as {@code user} in WeCom and returns the bot's reply as sent. */
  private static String say(String user, String line) throws Exception {
    int before = sendsTo(user).size();
    assertThat(await(wecom.post(wecom.text(corp, user, line))).statusCode()).isEqualTo(200);
    List<SandboxCall> replies = eventually(() -> sendsTo(user), l -> l.size() > before);
    return replies.get(replies.size() - 1).body().encode();
  }

  private static Customer customer(long owner, String name) throws Exception {
    return await(new CustomerService(pool).create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  private static Long owner(long customerId) {
    try {
      return await(pool.preparedQuery("SELECT owner_id FROM customer WHERE tenant_id = $1 AND id = $2")
          .execute(Tuple.of(tenant.id(), customerId))).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    T value = probe.get();
    while (!done.test(value) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      value = probe.get();
    }
    assertThat(done.test(value)).as("condition reached within 15 s; last value %s", value).isTrue();
    return value;
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
