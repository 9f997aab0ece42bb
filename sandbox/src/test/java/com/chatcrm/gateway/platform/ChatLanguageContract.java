package com.chatcrm.gateway.platform;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The chat language as a rep uses it, on every platform: the lines of issue #23 typed by 王五 through
 * the platform's callback, checked by what 王五 is answered and what is stored. 王五's customers are
 * his alone (李四's 星河传媒 from the command tests stays out of his sight); the manager asks the team
 * questions.
 */
abstract class ChatLanguageContract extends ChatPlatformContract {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  Customer xinghe;
  Customer shengcai;
  Customer tianhai;
  Customer yuanhai;
  Customer lanjing;
  Customer dinghai;

  @BeforeAll
  void customersOfWangwu() {
    xinghe = customer(wangwu, "北京星河传媒有限公司");
    shengcai = customer(wangwu, "盛彩食品有限公司");
    tianhai = customer(wangwu, "天海贸易有限公司");
    yuanhai = customer(wangwu, "远海贸易有限公司");
    lanjing = customer(wangwu, "蓝鲸物流科技有限公司");
    dinghai = customer(wangwu, "鼎海采购服务有限公司");
    deal(xinghe, "年度续约", "450000");
    deal(lanjing, "仓储系统", "1000000");
    deal(dinghai, "采购平台", "500000");
    deal(tianhai, "外贸系统", "200000");
  }

  private void deal(Customer c, String name, String amount) {
    await(
        engine()
            .opportunities()
            .create(as(wangwu), NewOpportunity.of(c.id(), name, new BigDecimal(amount))));
  }

  private String wangwu(String line) {
    return say(wangwuId(), line);
  }

  private long followUps(Customer c, String method) {
    return count(
        "SELECT count(*) FROM follow_up WHERE deleted_at IS NULL AND customer_id = "
            + c.id()
            + " AND method = '"
            + method
            + "'");
  }

  private long reminders(Customer c) {
    return count("SELECT count(*) FROM reminder WHERE customer_id = " + c.id());
  }

  private String deal(String name, String column) {
    return gateway.text("SELECT " + column + "::text FROM opportunity WHERE name = '" + name + "'");
  }

  // ------------------------------------------------------------------ customers anywhere

  @Test
  @DisplayName(
      "a customer named anywhere in the line, by a short form or in English, is the right customer")
  void customersAnywhereInTheLine() {
    followUp("星河那边微信说预算批下来了 45万", xinghe, "wechat");
    reminder("下周三下午提醒我约盛彩食品吃饭", shengcai);
    reminder("周五前把方案发给天海贸易", tianhai);
    reminder("月底前要把远海贸易的合同签下来", yuanhai);
    followUp("给蓝鲸发了邮件，附上白皮书", lanjing, "email");
    followUp("加了鼎海采购的微信", dinghai, "wechat");
    assertThat(wangwu("鼎海的李总明天上午来公司参观")).contains("鼎海采购服务有限公司");
    followUp("call 星河 about renewal, follow up next Monday", xinghe, "call");
    followUp("log call with 蓝鲸: pricing", lanjing, "call");
    assertThat(wangwu("查 星河")).contains("找到 1 个客户", "北京星河传媒有限公司");
  }

  /** The line logs one follow-up, by {@code method}, on {@code c}. */
  private void followUp(String line, Customer c, String method) {
    long before = followUps(c, method);
    assertThat(wangwu(line)).as(line).contains("已记录跟进", c.name());
    assertThat(followUps(c, method)).as(line).isEqualTo(before + 1);
  }

  /** The line sets one reminder about {@code c}. */
  private void reminder(String line, Customer c) {
    long before = reminders(c);
    assertThat(wangwu(line)).as(line).contains("已设置提醒", c.name());
    assertThat(reminders(c)).as(line).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("a name typed with a homophone or a slip is offered as 你是说 …; one tap does the line")
  void homophoneIsOffered() {
    assertThat(wangwu("查 心河")).contains("你是说", "北京星河传媒有限公司");
    String reply = wangwu("跟进 星和 开会聊了续费");
    assertThat(reply).contains("你是说", "北京星河传媒有限公司");
    String key =
        buttons(reply).values().stream()
            .filter(k -> k.contains("北京星河传媒有限公司"))
            .findFirst()
            .orElseThrow();
    int before = received(wangwuId()).size();
    tap(wangwuId(), "是", key);
    com.chatcrm.engine.testing.Eventually.eventually(
        () -> received(wangwuId()), l -> l.size() > before);
    assertThat(followUps(xinghe, "meeting")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a colleague's customer is answered exactly like one that does not exist: nothing learnt")
  void colleaguesCustomerIsNotFound() {
    customer(lisi, "金桥科技有限公司");
    String hidden = wangwu("跟进 金桥 电话聊了报价");
    String missing = wangwu("跟进 银桥 电话聊了报价");
    assertThat(hidden).contains("没有找到客户").doesNotContain("金桥科技有限公司", "你是说");
    assertThat(missing).contains("没有找到客户");
    assertThat(buttons(hidden).keySet()).hasSameSizeAs(buttons(missing).keySet());
    assertThat(
            count(
                "SELECT count(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id"
                    + " WHERE c.name = '金桥科技有限公司'"))
        .isZero();
  }

  @Test
  @DisplayName("a bare phrase that names no customer is not offered as a new customer's name")
  void bareWordsAreNotANewCustomer() {
    String reply = wangwu("价格太高");
    assertThat(reply).contains("没太明白").doesNotContain("新建客户");
    assertThat(wangwu("查 价格太高")).contains("没有找到", "新建客户");
  }

  @Test
  @DisplayName("新客户 with a legal name keeps it whole, brackets and all")
  void legalNameKept() {
    assertThat(wangwu("新客户 阿里巴巴（中国）有限公司")).contains("已新建客户", "阿里巴巴（中国）有限公司");
    assertThat(count("SELECT count(*) FROM customer WHERE name = '阿里巴巴（中国）有限公司'")).isEqualTo(1);
  }

  // ------------------------------------------------------------------ outcomes and edits

  @Test
  @DisplayName(
      "outcomes, edits and deletion in plain words; a deal that was not signed is never won")
  void outcomesAndEdits() {
    assertThat(wangwu("鼎海的商机 金额改成 60万")).contains("商机已修改", "60万");
    assertThat(deal("采购平台", "amount")).isEqualTo("600000.00");
    assertThat(wangwu("星河的单子推迟到下个月")).contains("商机已修改", "预计成交");
    LocalDate nextMonth = LocalDate.now(SHANGHAI).plusMonths(1);
    assertThat(deal("年度续约", "expected_close")).startsWith(nextMonth.toString().substring(0, 7));

    assertThat(wangwu("星河传媒 签了！合同额 52万")).contains("赢单");
    assertThat(deal("年度续约", "status")).isEqualTo("won");
    assertThat(deal("年度续约", "amount")).isEqualTo("520000.00");

    assertThat(wangwu("蓝鲸物流仓储系统报价了，120万")).contains("方案报价");
    assertThat(deal("仓储系统", "amount")).isEqualTo("1200000.00");
    assertThat(wangwu("蓝鲸 丢了，被竞品抢了")).contains("已标记输单");
    assertThat(deal("仓储系统", "status || '/' || lost_reason")).isEqualTo("lost/被竞品抢了");

    notWon("鼎海的单子没签下来", "采购平台");
    notWon("和天海没谈成", "外贸系统");

    // a number of its own: 13700002222 is another rep's contact's, which would be warned of (below)
    assertThat(wangwu("星河传媒的联系人改成周经理 13700003333")).contains("周经理", "13700003333");
    assertThat(
            count(
                "SELECT count(*) FROM contact WHERE name = '周经理' AND customer_id = "
                    + xinghe.id()
                    + " AND '13700003333' = ANY(phones)"))
        .isEqualTo(1);
    // a phone another contact has is warned of, naming it to who may see it; nothing is added yet
    assertThat(wangwu("盛彩的联系人改成钱经理 13700003333"))
        .contains("电话号码已存在", "「北京星河传媒有限公司」的联系人「周经理」", "仍然添加", "取消");
    assertThat(count("SELECT count(*) FROM contact WHERE name = '钱经理'")).isZero();
    wangwu("星河 级别改成意向");
    assertThat(gateway.text("SELECT level FROM customer WHERE id = " + xinghe.id()))
        .isEqualTo("intent");
    assertThat(wangwu("盛彩 降为潜在")).doesNotContain("没太明白");
    assertThat(gateway.text("SELECT level FROM customer WHERE id = " + shengcai.id()))
        .isEqualTo("potential");
    assertThat(wangwu("盛彩 升级为成交客户")).contains("撤销");
    assertThat(wangwu("撤回上一条吧")).contains("已撤销");
    assertThat(gateway.text("SELECT level FROM customer WHERE id = " + shengcai.id()))
        .isEqualTo("potential");
  }

  /**
   * A line that says a deal was not signed: at most a loss — its reason asked, then one tap to
   * confirm, since the line did not say 输单 — never a win.
   */
  private void notWon(String line, String deal) {
    String reply = wangwu(line);
    assertThat(reply).doesNotContain("赢单！");
    if (reply.contains("输单原因")) {
      reply = wangwu("客户预算砍了");
    }
    if (reply.contains("请确认")) {
      assertThat(tap(wangwuId(), "确认输单", buttons(reply).get("确认输单"))).contains("输单");
    }
    assertThat(deal(deal, "status")).isNotEqualTo("won");
  }

  @Test
  @DisplayName(
      "a win said of a customer with two deals asks which; the tapped deal is won at the amount said")
  void winAmongTwoDeals() {
    Customer c = customer(wangwu, "双单科技有限公司");
    deal(c, "一期工程", "100000");
    deal(c, "二期工程", "200000");
    String which = wangwu("双单科技 签了！合同额 52万");
    assertThat(which).contains("是哪个商机");
    tapAndWait(which, "一期工程");
    assertThat(deal("一期工程", "status || '/' || amount")).isEqualTo("won/520000.00");
    assertThat(deal("二期工程", "status")).isEqualTo("open");
  }

  @Test
  @DisplayName(
      "a deal named by the line is that deal even when closed (确认 first); another open deal is never"
          + " moved instead")
  void aNamedClosedDealIsThatDeal() {
    Customer c = customer(wangwu, "澄江精密有限公司");
    deal(c, "数控产线改造", "800000");
    deal(c, "备件年度采购", "200000");
    String which = wangwu("澄江精密 签了！合同额 52万");
    tapAndWait(which, "数控产线改造");
    assertThat(deal("数控产线改造", "status")).isEqualTo("won");

    String lose = wangwu("澄江精密 数控产线改造 输单 价格太高");
    assertThat(lose).contains("请确认").doesNotContain("已标记输单");
    assertThat(wangwu("澄江精密 数控产线改造 推进到谈判签约")).contains("请确认");
    assertThat(deal("备件年度采购", "status || '/' || amount")).isEqualTo("open/200000.00");
    assertThat(deal("数控产线改造", "status")).isEqualTo("won");

    assertThat(wangwu("澄江精密 备件年度采购 推进到谈判签约")).contains("阶段已更新");
    assertThat(wangwu("澄江精密 备件年度采购 推进到谈判签约")).contains("没有改动");
  }

  @Test
  @DisplayName(
      "a loss said of a short name two customers share asks which first; the loss and its reason follow")
  void lossOfAnAmbiguousName() {
    deal(customer(wangwu, "华信软件有限公司"), "华信软件项目", "300000");
    deal(customer(wangwu, "华信医疗有限公司"), "华信医疗项目", "300000");
    String which = wangwu("华信的单子没签下来");
    assertThat(which).contains("华信软件有限公司", "华信医疗有限公司");
    String reason = tapAndWait(which, "华信软件有限公司");
    assertThat(reason).contains("输单原因");
    String confirm = wangwu("价格太高");
    if (confirm.contains("请确认")) {
      assertThat(tap(wangwuId(), "确认输单", buttons(confirm).get("确认输单"))).contains("输单");
    }
    assertThat(deal("华信软件项目", "status || '/' || lost_reason")).isEqualTo("lost/价格太高");
    assertThat(deal("华信医疗项目", "status")).isEqualTo("open");
  }

  @Test
  @DisplayName("while a loss reason is asked, a line about another customer is its own command")
  void anotherCustomersLineIsNotTheAnswer() {
    Customer asked = customer(wangwu, "追问测试有限公司");
    deal(asked, "追问项目", "100000");
    Customer other = customer(wangwu, "另起一行有限公司");
    assertThat(wangwu("追问测试没谈成")).contains("输单原因");
    String reply = wangwu("另起一行还没签，下周再跟");
    assertThat(reply).contains("已记录跟进", "另起一行有限公司", "已取消");
    assertThat(count("SELECT count(*) FROM follow_up WHERE customer_id = " + other.id()))
        .isEqualTo(1);
    assertThat(deal("追问项目", "status")).isEqualTo("open");
  }

  /** Taps the button labelled {@code label} and answers the message that arrives after it. */
  private String tapAndWait(String message, String label) {
    String key =
        buttons(message).entrySet().stream()
            .filter(e -> e.getKey().startsWith(label.substring(0, Math.min(label.length(), 6))))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no button " + label + " in " + message));
    int before = received(wangwuId()).size();
    tap(wangwuId(), label, key);
    List<String> got =
        com.chatcrm.engine.testing.Eventually.eventually(
            () -> received(wangwuId()), l -> l.size() > before);
    return got.get(got.size() - 1);
  }

  @Test
  @DisplayName("删除客户 asks for one tap; the tap deletes softly and 撤销 brings it back")
  void deleteIsConfirmedAndUndoable() {
    Customer c = customer(wangwu, "待删除测试有限公司");
    String ask = wangwu("删除客户 待删除测试有限公司");
    assertThat(ask).contains("请确认", "待删除测试有限公司");
    assertThat(deletedAt(c)).isEqualTo("live");
    assertThat(tap(wangwuId(), "确认删除", buttons(ask).get("确认删除"))).contains("已删除");
    assertThat(deletedAt(c)).isEqualTo("deleted");
    assertThat(wangwu("撤销")).contains("已撤销");
    assertThat(deletedAt(c)).isEqualTo("live");
  }

  private String deletedAt(Customer c) {
    return gateway.text(
        "SELECT CASE WHEN deleted_at IS NULL THEN 'live' ELSE 'deleted' END FROM customer WHERE id = "
            + c.id());
  }

  // ------------------------------------------------------------------ corrections and repeats

  @Test
  @DisplayName("不对，是… corrects the last entry's time or amount; 每周一 / 每天 / 每月底 repeat")
  void correctionsAndRepeats() {
    assertThat(wangwu("提醒我 下周三下午 给远海发报价")).contains("已设置提醒", "14:00");
    assertThat(wangwu("不对，是下周四不是下周三")).contains("已更正");
    assertThat(
            gateway.text(
                "SELECT extract(isodow FROM due_at AT TIME ZONE 'Asia/Shanghai')::int"
                    + " || '/' || to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI')"
                    + " FROM reminder WHERE text LIKE '%给远海发报价%'"))
        .as("the day corrected, the afternoon kept")
        .isEqualTo("4/14:00");

    assertThat(wangwu("商机 远海 仓库扩建 30万")).contains("已新建商机");
    assertThat(wangwu("刚才那条写错了，金额是 35万")).contains("已更正", "35万");
    assertThat(deal("仓库扩建", "amount")).isEqualTo("350000.00");

    assertThat(wangwu("每周一上午9点提醒我写周报")).contains("已设置提醒", "每周一");
    assertThat(repeat("写周报")).isEqualTo("weekly/1/09:00");
    assertThat(wangwu("每天早上9点提醒我看待办")).contains("已设置提醒", "每天");
    assertThat(repeat("看待办")).startsWith("daily/");
    assertThat(wangwu("每月底提醒我对账")).contains("已设置提醒", "每月底");
    assertThat(repeat("对账")).startsWith("month_end/");
  }

  private String repeat(String text) {
    return gateway.text(
        "SELECT repeat_rule || '/' || extract(isodow FROM due_at AT TIME ZONE 'Asia/Shanghai')::int"
            + " || '/' || to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI')"
            + " FROM reminder WHERE text LIKE '%"
            + text
            + "%'");
  }

  // ------------------------------------------------------------------ questions and amounts

  @Test
  @DisplayName("questions (提到我的, 李四的客户, 我的客户有多少, 团队今天的跟进, 周报, 本月业绩) and amounts kept whole")
  void questionsAndAmounts() {
    Customer mine = customer(lisi, "提及测试有限公司");
    assertThat(say(lisiId(), "@王五 提及测试的报价你帮忙看下")).contains("已通知同事");
    assertThat(wangwu("提到我的")).contains("提到我的", "李四", "提及测试有限公司");
    assertThat(wangwu("@我的")).contains("提到我的", "提及测试有限公司");
    assertThat(say(managerId(), "李四的客户")).contains("李四的客户", mine.name());
    long his =
        count("SELECT count(*) FROM customer WHERE deleted_at IS NULL AND owner_id = " + wangwu);
    assertThat(wangwu("我的客户有多少")).contains("共有 " + his + " 个客户");
    assertThat(wangwu("跟进 天海 电话聊了付款")).contains("已记录跟进");
    assertThat(say(managerId(), "团队今天的跟进")).contains("团队今天的跟进", "天海贸易有限公司", "王五");
    assertThat(wangwu("周报")).contains("周报", "跟进");
    assertThat(wangwu("本月业绩")).contains("漏斗");

    assertThat(wangwu("商机 天海 大概3.5万的小单")).contains("已新建商机", "3.5万");
    assertThat(wangwu("天海 预计年底签约 80万")).contains("已新建商机", "80万");
    assertThat(
            count(
                "SELECT count(*) FROM opportunity WHERE amount = 800000 AND expected_close = '"
                    + LocalDate.now(SHANGHAI).getYear()
                    + "-12-31'"))
        .isEqualTo(1);
    assertThat(wangwu("商机 天海 -45万")).contains("金额不能是负数");
    assertThat(
            count(
                "SELECT count(*) FROM opportunity WHERE abs(amount) = 450000 AND customer_id = "
                    + tianhai.id()))
        .isZero();
    assertThat(wangwu("明天下班前给天海回电话")).contains("已设置提醒", "17:30");
    LocalDate tomorrow = LocalDate.now(SHANGHAI).plusDays(1);
    assertThat(
            gateway.text(
                "SELECT to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')"
                    + " FROM reminder WHERE text LIKE '%给天海回电话%'"))
        .isEqualTo(tomorrow + " 17:30");
  }
}
