package com.chatcrm.gateway.dingtalk;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.DingTalkReads;
import com.chatcrm.gateway.testing.TestGateway;
import com.chatcrm.sandbox.DingTalkCallbackSimulator;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DingTalk group chats through the production wiring and the command language: the
 * platform's @-list says which colleagues a line names, whatever nickname the text shows.
 * (One-to-one chat is in {@link com.chatcrm.gateway.platform.ChatPlatformContract}.)
 */
class DingTalkGroupChatTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final SandboxDingTalkCorp corp = SandboxCorps.dingyun();
  static TestGateway gateway;
  static DingTalkSandbox sandbox;
  static DingTalkCallbackSimulator dingtalk;
  static Tenant tenant;

  /** 李四 (staff04) and 王五 (staff05), salespeople of 华东销售部 led by 赵敏 (manager01); 钱进 is staff02. */
  static long lisi;

  static long wangwu;
  static long qianjin;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(db.vertx(), db.pool());
    sandbox = gateway.sandbox().dingTalkSandbox();
    DingTalkReads.addReps(sandbox, corp);
    tenant = gateway.registerDingTalk(corp, new JsonObject());
    lisi = gateway.userId(tenant.id(), "staff04");
    wangwu = gateway.userId(tenant.id(), "staff05");
    qianjin = gateway.userId(tenant.id(), "staff02");
    dingtalk =
        new DingTalkCallbackSimulator(
            gateway.client(),
            gateway.base() + "/callback/dingtalk",
            sandbox,
            gateway.base() + "/sandbox/dingtalk");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** The texts the robot pushed one-to-one to {@code staffId}. */
  private static List<String> pushedTo(String staffId) {
    return DingTalkReads.oneToOneTo(sandbox, staffId).stream()
        .map(c -> c.body().getString("msgParam"))
        .toList();
  }

  /** How many times {@code user} was @-ed about {@code customer}. */
  private static long mentions(long user, Customer customer) {
    return count(
        "SELECT count(*) FROM mention WHERE to_user_id = "
            + user
            + " AND customer_id = "
            + customer.id());
  }

  private static long collaborations(long user, Customer customer) {
    return count(
        "SELECT count(*) FROM customer_collaborator WHERE customer_id = "
            + customer.id()
            + " AND user_id = "
            + user);
  }

  /** Posts a robot callback and returns the text of the bot's answer in that conversation. */
  private static String send(DingTalkCallbackSimulator.RobotCallback cb) {
    String conversation = cb.body().getString("conversationId");
    int before = DingTalkReads.webhookPostsTo(sandbox, conversation).size();
    HttpResponse<Buffer> ack = await(dingtalk.post(cb));
    assertThat(ack.statusCode()).isEqualTo(200);
    List<SandboxCall> replies =
        eventually(
            () -> DingTalkReads.webhookPostsTo(sandbox, conversation), l -> l.size() > before);
    return DingTalkReads.contentOf(replies.get(replies.size() - 1));
  }

  private static String say(String staffId, String line) {
    return send(dingtalk.single(corp, staffId, line, Duration.ofMinutes(90)));
  }

  private static String sayInGroup(
      String staffId, String group, String line, List<String> colleagues) {
    return send(dingtalk.group(corp, staffId, group, line, colleagues, Duration.ofMinutes(90)));
  }

  private static Customer customer(long owner, String name) {
    return await(
        gateway
            .engine()
            .customers()
            .create(Actor.user(tenant.id(), owner, Source.api("t")), NewCustomer.named(name)));
  }

  private static long count(String sql) {
    return gateway.count(sql);
  }

  @Test
  @DisplayName(
      "group: @李四 帮忙跟进一下 X → a mention, 李四 becomes a collaborator and is told; a re-delivery repeats nothing")
  void groupMention() throws Exception {
    Customer c = customer(qianjin, "木卫科技");
    DingTalkCallbackSimulator.RobotCallback cb =
        dingtalk.group(
            corp,
            "staff02",
            "cidgroupSales==",
            "@李四 帮忙跟进一下 木卫科技",
            List.of("staff04"),
            Duration.ofMinutes(90));
    String reply = send(cb);
    assertThat(reply).contains("已通知同事", "@李四", "木卫科技");
    assertThat(
            count(
                "SELECT count(*) FROM mention WHERE from_user_id = "
                    + qianjin
                    + " AND to_user_id = "
                    + lisi
                    + " AND customer_id = "
                    + c.id()))
        .isEqualTo(1);
    assertThat(collaborations(lisi, c)).isEqualTo(1);
    List<String> told =
        eventually(
            () -> pushedTo("staff04").stream().filter(s -> s.contains("木卫科技")).toList(),
            l -> !l.isEmpty());
    assertThat(told.get(0)).contains("钱进 @了你");
    // 李四 can now work on it
    assertThat(say("staff04", "跟进 木卫 电话了解了需求")).contains("已记录跟进", "木卫科技");

    await(dingtalk.post(cb));
    Thread.sleep(500);
    assertThat(mentions(lisi, c)).isEqualTo(1);
    assertThat(pushedTo("staff04").stream().filter(s -> s.contains("木卫科技"))).hasSize(1);
  }

  @Test
  @DisplayName(
      "group: the platform's @-list decides who is meant, even when the text shows a nickname")
  void groupMentionByPlatformList() throws Exception {
    Customer c = customer(qianjin, "天卫传媒");
    String reply = sayInGroup("staff02", "cidgroupSales==", "@小李 天卫的报价你帮忙看下", List.of("staff04"));
    assertThat(reply).contains("已通知同事", "@李四", "天卫传媒").doesNotContain("不在通讯录");
    assertThat(mentions(lisi, c)).isEqualTo(1);
    assertThat(collaborations(lisi, c)).isEqualTo(1);
  }

  @Test
  @DisplayName("group: @-ing two colleagues mentions both and tells each of them")
  void groupMentionOfTwo() throws Exception {
    Customer c = customer(qianjin, "海卫能源");
    String reply =
        sayInGroup(
            "staff02", "cidgroupSales==", "@李四 @王五 海卫的合同你们帮忙看下", List.of("staff04", "staff05"));
    assertThat(reply).contains("已通知同事", "@李四", "@王五", "海卫能源");
    assertThat(count("SELECT count(*) FROM mention WHERE customer_id = " + c.id())).isEqualTo(2);
    eventually(
        () -> pushedTo("staff04").stream().filter(s -> s.contains("海卫能源")).toList(),
        l -> l.size() == 1);
    eventually(
        () -> pushedTo("staff05").stream().filter(s -> s.contains("海卫能源")).toList(),
        l -> l.size() == 1);
  }

  @Test
  @DisplayName("group: 把X转给 @小王 transfers to the colleague the platform says was @-ed")
  void groupTransferByPlatformList() throws Exception {
    customer(qianjin, "土卫物流");
    String reply = sayInGroup("staff02", "cidgroupSales==", "把土卫物流转给 @小王", List.of("staff05"));
    assertThat(reply).contains("已转交", "王五");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '土卫物流' AND owner_id = " + wangwu))
        .isEqualTo(1);
  }
}
