package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
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
 * What must not happen in chat (issue #17), through WeCom's real callback path like {@link ChatCommandsWeComTest}:
 * a pending question swallowing a command, a level word closing a deal, an unknown @name reported as notified,
 * a typed 撤销 searching for a customer, a malformed button key retried for ever.
 */
class ChatCommandsGuardsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Vertx vertx;
  static Pool pool;
  static WeComSandbox sandbox;
  static WeComCallbackSimulator wecom;
  static WebClient client;
  static int port;
  static Tenant tenant;
  static final SandboxCorp corp = SandboxCorps.huaxin();
  static long lisi;
  static long wangwu;
  static long wujiu;
  static long zhengshi;
  static ChatCommands commands;

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
    commands = new ChatCommands(pool, clock, new com.chatcrm.gateway.notify.OutboxNotifier(
        new com.chatcrm.engine.notify.Recipients(pool), outbox, vertx.eventBus()));
    new ParseApi(pool, commands).mount(router);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    port = server.actualPort();

    WeComSender sender = new WeComSender(vertx, client, "http://127.0.0.1:" + port + "/sandbox/wecom", weComTenants,
        new Backoff(3, Duration.ofMillis(20), Duration.ofMillis(100)));
    OrgService org = new OrgService(pool);
    WeComDirectorySync directory = new WeComDirectorySync(sender, org);
    await(directory.full(tenant.id(), Set.of()));
    lisi = await(org.userId(tenant.id(), "lisi"));
    wangwu = await(org.userId(tenant.id(), "wangwu"));
    wujiu = await(org.userId(tenant.id(), "wujiu"));
    zhengshi = await(org.userId(tenant.id(), "zhengshi"));
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

  // ------------------------------------------------------------------ helpers

  private static List<SandboxCall> sendsTo(String user) {
    return sandbox.calls("/cgi-bin/message/send").stream()
        .filter(c -> user.equals(c.body().getString("touser")) && c.answer().getInteger("errcode") == 0).toList();
  }

  /** Types the line as {@code user} in WeCom and returns the text of the bot's reply. */
  private static String say(String user, String line) throws Exception {
    int before = sendsTo(user).size();
    HttpResponse<Buffer> ack = await(wecom.post(wecom.text(corp, user, line)));
    assertThat(ack.statusCode()).isEqualTo(200);
    List<SandboxCall> replies = eventually(() -> sendsTo(user), l -> l.size() > before);
    return replies.get(replies.size() - 1).body().encode();
  }

  private static Customer customer(long owner, String name) throws Exception {
    return await(new CustomerService(pool).create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  private static Actor as(long user) {
    return Actor.user(tenant.id(), user, Source.api("t-" + System.nanoTime()));
  }

  /** Clicks a WeCom card button as {@code user} and answers the text the button shows afterwards. */
  private static String click(String user, String key) throws Exception {
    String code = sandbox.issueResponseCode(corp.corpId());
    await(wecom.post(wecom.cardClick(corp, user, "task-" + System.nanoTime(), key, code)));
    SandboxCall update = eventually(() -> sandbox.calls("/cgi-bin/message/update_template_card").stream()
        .filter(c -> code.equals(c.body().getString("response_code"))).toList(), l -> !l.isEmpty()).get(0);
    return update.body().getJsonObject("button").getString("replace_name");
  }

  // ------------------------------------------------------------------ malformed button keys

  @Test
  @DisplayName("a malformed button key gets a clear answer once, and its inbox event is done, not retried")
  void malformedButtonKeys() throws Exception {
    for (String key : List.of("undo:stage:5:abc", "reminder.done:xyz", "undo:transfer:7:", "undo:stage",
        "whatever:1", "reminder.snooze:", "undo:nothing:3")) {
      assertThat(click("lisi", key)).as(key).contains("按钮已失效");
    }
    assertThat(count("SELECT count(*) FROM inbound_event WHERE kind = 'template_card_event'"
        + " AND (status <> 'done' OR attempts > 1)")).isZero();
  }

  // ------------------------------------------------------------------ pending questions

  @Test
  @DisplayName("a clear command while a loss reason is asked runs as that command; a real reason is still the answer")
  void commandWhileAQuestionWaits() throws Exception {
    Customer lost = customer(lisi, "问号传媒");
    long deal = await(new OpportunityService(pool).create(as(lisi),
        NewOpportunity.of(lost.id(), "问号框架", new BigDecimal("100000")))).id();
    customer(lisi, "转走物流");

    assertThat(say("lisi", "问号传媒 输单")).contains("输单原因");
    String transfer = say("lisi", "把转走物流转给王五");
    assertThat(transfer).contains("已转交", "王五", "已取消");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '转走物流' AND owner_id = " + wangwu)).isEqualTo(1);
    assertThat(text("SELECT status || '/' || coalesce(lost_reason, '') FROM opportunity WHERE id = " + deal))
        .isEqualTo("open/");

    assertThat(say("lisi", "问号传媒 输单")).contains("输单原因");
    assertThat(say("lisi", "待办")).as("a listing is a command too").contains("待办").contains("已取消");

    assertThat(say("lisi", "问号传媒 输单")).contains("输单原因");
    assertThat(say("lisi", "价格太高，被竞品抢了")).contains("已标记输单");
    assertThat(text("SELECT status || '/' || coalesce(lost_reason, '') FROM opportunity WHERE id = " + deal))
        .isEqualTo("lost/价格太高,被竞品抢了");
  }

  @Test
  @DisplayName("answers that only look like commands stay answers: 客户预算砍了, a reason mentioning 转给 or 业绩")
  void reasonsThatLookLikeCommands() throws Exception {
    for (String reason : List.of("客户预算砍了", "客户转给了别的供应商", "客户今年业绩不好没预算")) {
      Customer c = customer(zhengshi, "理由" + Math.abs(reason.hashCode()));
      long deal = await(new OpportunityService(pool).create(as(zhengshi),
          NewOpportunity.of(c.id(), "理由商机", new BigDecimal("1000")))).id();
      assertThat(say("zhengshi", c.name() + " 输单")).contains("输单原因");
      assertThat(say("zhengshi", reason)).as(reason).contains("已标记输单");
      assertThat(text("SELECT coalesce(lost_reason, '') FROM opportunity WHERE id = " + deal)).isEqualTo(reason);
    }
  }

  // ------------------------------------------------------------------ customer level and deal outcomes

  private static String status(long deal) throws Exception {
    return text("SELECT status || '/' || coalesce(lost_reason, '') FROM opportunity WHERE id = " + deal);
  }

  private static String level(Customer c) throws Exception {
    return text("SELECT level FROM customer WHERE id = " + c.id());
  }

  private static String keyOf(String reply, String prefix) {
    return new JsonObject(reply).getJsonObject("template_card").getJsonArray("button_list").stream()
        .map(o -> ((JsonObject) o).getString("key")).filter(k -> k.startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("级别改成成交 sets the customer's level and leaves its deal alone; 级别 意向 too")
  void levelIsItsOwnField() throws Exception {
    Customer c = customer(lisi, "星级传媒");
    long deal = await(new OpportunityService(pool).create(as(lisi), NewOpportunity.of(c.id(), "星级框架", BigDecimal.TEN))).id();
    assertThat(say("lisi", "星级传媒 级别改成成交")).contains("级别", "潜在", "成交", "undo:level:").doesNotContain("赢单");
    assertThat(status(deal)).isEqualTo("open/");
    assertThat(level(c)).isEqualTo("deal");
    assertThat(say("lisi", "星级 级别 意向")).contains("意向");
    assertThat(level(c)).isEqualTo("intent");
    assertThat(status(deal)).isEqualTo("open/");
  }

  @Test
  @DisplayName("an indirect win (成交了吧) asks 确认 / 取消 and moves nothing until confirmed; a won deal is not lost without asking")
  void outcomesNeedConfirmation() throws Exception {
    Customer c = customer(lisi, "确认科技");
    long deal = await(new OpportunityService(pool).create(as(lisi), NewOpportunity.of(c.id(), "确认框架", BigDecimal.TEN))).id();

    String ask = say("lisi", "确认科技 成交了吧");
    assertThat(ask).contains("确认", "取消", "赢单");
    assertThat(status(deal)).isEqualTo("open/");
    assertThat(click("lisi", keyOf(ask, "confirm:"))).contains("赢单");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(level(c)).as("a win makes the customer 成交").isEqualTo("deal");
    assertThat(say("lisi", "撤销")).contains("已撤销");
    assertThat(status(deal)).isEqualTo("open/");
    assertThat(level(c)).as("undoing the win gives the customer its level back").isEqualTo("potential");
    assertThat(say("lisi", "确认科技 赢单")).contains("赢单");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(level(c)).isEqualTo("deal");

    String lose = say("lisi", "确认科技 输单 价格太高");
    assertThat(lose).contains("确认", "输单", "价格太高");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(click("lisi", keyOf(lose, "cancel:"))).contains("已取消");
    assertThat(status(deal)).isEqualTo("won/");

    String again = say("lisi", "确认科技 输单 价格太高");
    assertThat(click("wangwu", keyOf(again, "confirm:"))).as("only who may edit the deal").doesNotContain("已标记输单");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(click("lisi", keyOf(again, "confirm:"))).contains("输单");
    assertThat(status(deal)).isEqualTo("lost/价格太高");
    assertThat(say("lisi", "撤销")).as("a confirmed move is the last change").contains("已撤销");
    assertThat(status(deal)).isEqualTo("won/");
  }

  @Test
  @DisplayName("on DingTalk, a tapped 确认 / 取消 / 撤销 link of these cards comes back as its button key")
  void confirmationKeysSurviveDingTalkLinks() throws Exception {
    Customer c = customer(lisi, "钉钉确认");
    await(new OpportunityService(pool).create(as(lisi), NewOpportunity.of(c.id(), "钉钉框架", BigDecimal.TEN)));
    String ask = say("lisi", "钉钉确认 黄了");
    assertThat(ask).contains("输单原因");
    String card = say("lisi", "客户选了别家, 价格差 20%");
    for (String prefix : List.of("confirm:", "cancel:")) {
      String key = keyOf(card, prefix);
      assertThat(com.chatcrm.gateway.dingtalk.DingTalkRenderer.buttonKey(
          com.chatcrm.gateway.dingtalk.DingTalkRenderer.command(new com.chatcrm.gateway.message.ChatMessage.Button(key, "确认"))))
          .isEqualTo(key);
    }
    String level = say("lisi", "钉钉确认 级别改成流失");
    String undo = keyOf(level, "undo:");
    assertThat(com.chatcrm.gateway.dingtalk.DingTalkRenderer.buttonKey("撤销 #" + undo)).isEqualTo(undo);
  }

  // ------------------------------------------------------------------ @ unknown names

  @Test
  @DisplayName("@ a name nobody has claims nothing, writes nothing and suggests the closest colleagues")
  void mentionOfAnUnknownName() throws Exception {
    customer(lisi, "提及科技");
    long before = count("SELECT count(*) FROM mention");
    String unknown = say("lisi", "@周七 提及科技的报价你帮忙看下");
    assertThat(unknown).doesNotContain("已通知").contains("周七", "周八", "孙七", "cmd:@周八 提及科技的报价你帮忙看下");
    assertThat(count("SELECT count(*) FROM mention")).isEqualTo(before);

    String mixed = say("lisi", "@王五 @周七 提及科技的报价你帮忙看下");
    assertThat(mixed).contains("已通知", "@王五", "周七", "不在通讯录");
    assertThat(count("SELECT count(*) FROM mention")).isEqualTo(before + 1);
  }

  // ------------------------------------------------------------------ typed undo

  @Test
  @DisplayName("typed 撤销 / undo / 撤回 takes back the sender's last change like its 撤销 button; with nothing left it says so")
  void typedUndo() throws Exception {
    assertThat(say("wujiu", "撤销")).as("nothing done yet").contains("没有可以撤销").doesNotContain("没有找到客户");

    assertThat(say("wujiu", "新客户 撤销测试传媒")).contains("已新建客户");
    assertThat(say("wujiu", "撤销")).contains("已撤销", "撤销测试传媒");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '撤销测试传媒' AND deleted_at IS NULL")).isZero();
    assertThat(say("wujiu", "撤销")).as("the undo itself is not undone").contains("没有可以撤销");

    Customer c = customer(wujiu, "回撤物流");
    assertThat(say("wujiu", "跟进 回撤物流 电话聊了报价")).contains("已记录跟进");
    assertThat(say("wujiu", "undo")).contains("已撤销", "回撤物流");
    assertThat(count("SELECT count(*) FROM follow_up WHERE deleted_at IS NULL AND customer_id = " + c.id())).isZero();

    assertThat(say("wujiu", "新客户 别人的撤销")).contains("已新建客户");
    assertThat(say("fengyi", "撤回")).as("only the sender's own changes").contains("没有可以撤销");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '别人的撤销' AND deleted_at IS NULL")).isEqualTo(1);
  }

  private static String text(String sql) {
    try {
      return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getString(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.tuple())).iterator().next().getLong(0);
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
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
