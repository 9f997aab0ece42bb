package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.WeComChat;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What must not happen in chat (issue #17), through WeCom's real callback path like {@link
 * ChatCommandsWeComTest}: a pending question swallowing a command, a level word closing a deal, an
 * unknown @name reported as notified, a typed 撤销 searching for a customer, a malformed button key
 * retried for ever.
 */
class ChatCommandsGuardsTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  // the WeCom chat path of ChatCommandsWeComTest, wired once for the class; nobody here is an admin
  static WeComChat chat;
  static long lisi;
  static long wangwu;
  static long wujiu;
  static long zhengshi;

  @BeforeAll
  static void start() throws Exception {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of());
    lisi = chat.userId("lisi");
    wangwu = chat.userId("wangwu");
    wujiu = chat.userId("wujiu");
    zhengshi = chat.userId("zhengshi");
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  // ------------------------------------------------------------------ malformed button keys

  @Test
  @DisplayName(
      "a malformed button key gets a clear answer once, and its inbox event is done, not retried")
  void malformedButtonKeys() throws Exception {
    for (String key :
        List.of(
            "undo:stage:5:abc",
            "reminder.done:xyz",
            "undo:transfer:7:",
            "undo:stage",
            "whatever:1",
            "reminder.snooze:",
            "undo:nothing:3")) {
      assertThat(chat.click("lisi", key)).as(key).contains("按钮已失效");
    }
    // the card shows the answer before its event is marked done: wait for the mark, then look
    eventually(
        () ->
            chat.count(
                "SELECT count(*) FROM inbound_event WHERE kind = 'template_card_event'"
                    + " AND status <> 'done'"),
        pending -> pending == 0);
    assertThat(
            chat.count(
                "SELECT count(*) FROM inbound_event WHERE kind = 'template_card_event'"
                    + " AND attempts > 1"))
        .isZero();
  }

  // ------------------------------------------------------------------ pending questions

  @Test
  @DisplayName(
      "a clear command while a loss reason is asked runs as that command; a real reason is still the answer")
  void commandWhileAQuestionWaits() throws Exception {
    Customer lost = chat.customer(lisi, "问号传媒");
    long deal =
        await(
                new OpportunityService(db.pool())
                    .create(
                        chat.as(lisi),
                        NewOpportunity.of(lost.id(), "问号框架", new BigDecimal("100000"))))
            .id();
    chat.customer(lisi, "转走物流");

    assertThat(chat.say("lisi", "问号传媒 输单")).contains("输单原因");
    String transfer = chat.say("lisi", "把转走物流转给王五");
    assertThat(transfer).contains("已转交", "王五", "已取消");
    assertThat(
            chat.count(
                "SELECT count(*) FROM customer WHERE name = '转走物流' AND owner_id = " + wangwu))
        .isEqualTo(1);
    assertThat(
            chat.text(
                "SELECT status || '/' || coalesce(lost_reason, '') FROM opportunity WHERE id = "
                    + deal))
        .isEqualTo("open/");

    assertThat(chat.say("lisi", "问号传媒 输单")).contains("输单原因");
    assertThat(chat.say("lisi", "待办"))
        .as("a listing is a command too")
        .contains("待办")
        .contains("已取消");

    assertThat(chat.say("lisi", "问号传媒 输单")).contains("输单原因");
    assertThat(chat.say("lisi", "价格太高，被竞品抢了")).contains("已标记输单");
    assertThat(
            chat.text(
                "SELECT status || '/' || coalesce(lost_reason, '') FROM opportunity WHERE id = "
                    + deal))
        .isEqualTo("lost/价格太高，被竞品抢了");
  }

  @Test
  @DisplayName(
      "answers that only look like commands stay answers: 客户预算砍了, a reason mentioning 转给 or 业绩")
  void reasonsThatLookLikeCommands() throws Exception {
    for (String reason : List.of("客户预算砍了", "客户转给了别的供应商", "客户今年业绩不好没预算")) {
      Customer c = chat.customer(zhengshi, "理由" + Math.abs(reason.hashCode()));
      long deal =
          await(
                  new OpportunityService(db.pool())
                      .create(
                          chat.as(zhengshi),
                          NewOpportunity.of(c.id(), "理由商机", new BigDecimal("1000"))))
              .id();
      assertThat(chat.say("zhengshi", c.name() + " 输单")).contains("输单原因");
      assertThat(chat.say("zhengshi", reason)).as(reason).contains("已标记输单");
      assertThat(chat.text("SELECT coalesce(lost_reason, '') FROM opportunity WHERE id = " + deal))
          .isEqualTo(reason);
    }
  }

  // ------------------------------------------------------------------ customer level and deal
  // outcomes

  private static String status(long deal) throws Exception {
    return chat.text(
        "SELECT status || '/' || coalesce(lost_reason, '') FROM opportunity WHERE id = " + deal);
  }

  private static String level(Customer c) throws Exception {
    return chat.text("SELECT level FROM customer WHERE id = " + c.id());
  }

  private static String keyOf(String reply, String prefix) {
    return new JsonObject(reply)
        .getJsonObject("template_card").getJsonArray("button_list").stream()
            .map(o -> ((JsonObject) o).getString("key"))
            .filter(k -> k.startsWith(prefix))
            .findFirst()
            .orElseThrow();
  }

  @Test
  @DisplayName("级别改成成交 sets the customer's level and leaves its deal alone; 级别 意向 too")
  void levelIsItsOwnField() throws Exception {
    Customer c = chat.customer(lisi, "星级传媒");
    long deal =
        await(
                new OpportunityService(db.pool())
                    .create(chat.as(lisi), NewOpportunity.of(c.id(), "星级框架", BigDecimal.TEN)))
            .id();
    assertThat(chat.say("lisi", "星级传媒 级别改成成交"))
        .contains("级别", "潜在", "成交", "undo:level:")
        .doesNotContain("赢单");
    assertThat(status(deal)).isEqualTo("open/");
    assertThat(level(c)).isEqualTo("deal");
    assertThat(chat.say("lisi", "星级 级别 意向")).contains("意向");
    assertThat(level(c)).isEqualTo("intent");
    assertThat(status(deal)).isEqualTo("open/");
  }

  @Test
  @DisplayName(
      "an indirect win (成交了吧) asks 确认 / 取消 and moves nothing until confirmed; a won deal is not lost without asking")
  void outcomesNeedConfirmation() throws Exception {
    Customer c = chat.customer(lisi, "确认科技");
    long deal =
        await(
                new OpportunityService(db.pool())
                    .create(chat.as(lisi), NewOpportunity.of(c.id(), "确认框架", BigDecimal.TEN)))
            .id();

    String ask = chat.say("lisi", "确认科技 成交了吧");
    assertThat(ask).contains("确认", "取消", "赢单");
    assertThat(status(deal)).isEqualTo("open/");
    assertThat(chat.click("lisi", keyOf(ask, "confirm:"))).contains("赢单");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(level(c)).as("a win makes the customer 成交").isEqualTo("deal");
    assertThat(chat.say("lisi", "撤销")).contains("已撤销");
    assertThat(status(deal)).isEqualTo("open/");
    assertThat(level(c))
        .as("undoing the win gives the customer its level back")
        .isEqualTo("potential");
    assertThat(chat.say("lisi", "确认科技 赢单")).contains("赢单");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(level(c)).isEqualTo("deal");

    String lose = chat.say("lisi", "确认科技 输单 价格太高");
    assertThat(lose).contains("确认", "输单", "价格太高");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(chat.click("lisi", keyOf(lose, "cancel:"))).contains("已取消");
    assertThat(status(deal)).isEqualTo("won/");
    // the same card's 确认 tapped after its 取消 (a DingTalk link stays tappable) changes nothing; a
    // new card's does
    assertThat(chat.click("lisi", keyOf(lose, "confirm:"))).contains("已取消");
    assertThat(status(deal)).isEqualTo("won/");

    String again = chat.say("lisi", "确认科技 输单 价格太高");
    assertThat(chat.click("wangwu", keyOf(again, "confirm:")))
        .as("only who may edit the deal")
        .doesNotContain("已标记输单");
    assertThat(status(deal)).isEqualTo("won/");
    assertThat(chat.click("lisi", keyOf(again, "confirm:"))).contains("输单");
    assertThat(status(deal)).isEqualTo("lost/价格太高");
    assertThat(chat.say("lisi", "撤销")).as("a confirmed move is the last change").contains("已撤销");
    assertThat(status(deal)).isEqualTo("won/");
  }

  @Test
  @DisplayName(
      "on DingTalk, a tapped 确认 / 取消 / 撤销 link of these cards comes back as its button key")
  void confirmationKeysSurviveDingTalkLinks() throws Exception {
    Customer c = chat.customer(lisi, "钉钉确认");
    await(
        new OpportunityService(db.pool())
            .create(chat.as(lisi), NewOpportunity.of(c.id(), "钉钉框架", BigDecimal.TEN)));
    String ask = chat.say("lisi", "钉钉确认 黄了");
    assertThat(ask).contains("输单原因");
    String card = chat.say("lisi", "客户选了别家, 价格差 20%");
    for (String prefix : List.of("confirm:", "cancel:")) {
      String key = keyOf(card, prefix);
      assertThat(
              com.chatcrm.gateway.dingtalk.DingTalkRenderer.buttonKey(
                  com.chatcrm.gateway.dingtalk.DingTalkRenderer.command(
                      new com.chatcrm.gateway.message.ChatMessage.Button(key, "确认"))))
          .isEqualTo(key);
    }
    String level = chat.say("lisi", "钉钉确认 级别改成流失");
    String undo = keyOf(level, "undo:");
    assertThat(com.chatcrm.gateway.dingtalk.DingTalkRenderer.buttonKey("撤销 #" + undo))
        .isEqualTo(undo);
  }

  // ------------------------------------------------------------------ @ unknown names

  @Test
  @DisplayName(
      "@ a name nobody has claims nothing, writes nothing and suggests the closest colleagues")
  void mentionOfAnUnknownName() throws Exception {
    chat.customer(lisi, "提及科技");
    long before = chat.count("SELECT count(*) FROM mention");
    String unknown = chat.say("lisi", "@周七 提及科技的报价你帮忙看下");
    assertThat(unknown).doesNotContain("已通知").contains("周七", "周八", "孙七", "cmd:@周八 提及科技的报价你帮忙看下");
    assertThat(chat.count("SELECT count(*) FROM mention")).isEqualTo(before);

    String mixed = chat.say("lisi", "@王五 @周七 提及科技的报价你帮忙看下");
    assertThat(mixed).contains("已通知", "@王五", "周七", "不在通讯录");
    assertThat(chat.count("SELECT count(*) FROM mention")).isEqualTo(before + 1);
  }

  // ------------------------------------------------------------------ typed undo

  @Test
  @DisplayName("提醒我 明天上午 with nothing to remind of asks what, and the answer makes the reminder")
  void reminderOfNothingAsksWhat() throws Exception {
    String asked = chat.say("wujiu", "提醒我 明天上午");
    assertThat(asked).contains("提醒你什么").doesNotContain("已设置提醒");
    assertThat(chat.say("wujiu", "给海洋科技回电话")).contains("已设置提醒", "给海洋科技回电话");
  }

  @Test
  @DisplayName(
      "typed 撤销 / undo / 撤回 takes back the sender's last change like its 撤销 button; with nothing left it says so")
  void typedUndo() throws Exception {
    assertThat(chat.say("wujiu", "撤销"))
        .as("nothing done yet")
        .contains("没有可以撤销")
        .doesNotContain("没有找到客户");

    assertThat(chat.say("wujiu", "新客户 撤销测试传媒")).contains("已新建客户");
    assertThat(chat.say("wujiu", "撤销")).contains("已撤销", "撤销测试传媒");
    assertThat(
            chat.count(
                "SELECT count(*) FROM customer WHERE name = '撤销测试传媒' AND deleted_at IS NULL"))
        .isZero();
    assertThat(chat.say("wujiu", "撤销")).as("the undo itself is not undone").contains("没有可以撤销");

    Customer c = chat.customer(wujiu, "回撤物流");
    assertThat(chat.say("wujiu", "跟进 回撤物流 电话聊了报价")).contains("已记录跟进");
    assertThat(chat.say("wujiu", "undo")).contains("已撤销", "回撤物流");
    assertThat(
            chat.count(
                "SELECT count(*) FROM follow_up WHERE deleted_at IS NULL AND customer_id = "
                    + c.id()))
        .isZero();

    assertThat(chat.say("wujiu", "新客户 别人的撤销")).contains("已新建客户");
    assertThat(chat.say("fengyi", "撤回")).as("only the sender's own changes").contains("没有可以撤销");
    assertThat(
            chat.count("SELECT count(*) FROM customer WHERE name = '别人的撤销' AND deleted_at IS NULL"))
        .isEqualTo(1);
  }
}
