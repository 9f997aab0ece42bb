package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.WeComChat;
import com.chatcrm.sandbox.SandboxCall;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 生成合同 and 回款 typed in chat, through WeCom's real callback path: a won deal becomes a contract with
 * its plan, receipts pay it off in due order, and what cannot be done is said plainly.
 */
class ContractChatTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static WeComChat chat;

  @BeforeAll
  static void start() throws Exception {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of());
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  @Test
  @DisplayName(
      "商机 → 赢单 → 生成合同 分两期 → 回款 15万 twice: the plan is shown, the first instalment cleared, then the whole contract")
  void wonDealToMoneyIn() throws Exception {
    chat.say("lisi", "新客户 星河科技");
    chat.say("lisi", "商机 星河科技 仓储系统 30万");
    assertThat(chat.say("lisi", "星河科技 生成合同")).contains("还没有赢单的商机");
    assertThat(chat.say("lisi", "星河科技 赢单")).contains("赢单");

    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    String made = chat.say("lisi", "星河科技 生成合同 30万 分两期");
    assertThat(made)
        .contains("合同已生成", "金额 30万")
        .contains("第1期 " + shown(today.plusMonths(1), today) + " 15万")
        .contains("第2期 " + shown(today.plusMonths(2), today) + " 15万");
    assertThat(
            chat.count(
                "SELECT count(*) FROM contract_instalment WHERE contract_id IN"
                    + " (SELECT k.id FROM contract k JOIN customer c ON c.id = k.customer_id"
                    + " WHERE c.name = '星河科技')"))
        .isEqualTo(2);
    assertThat(chat.say("lisi", "星河科技 生成合同")).contains("都已生成合同");

    assertThat(chat.say("lisi", "星河科技 回款 20万")).contains("已记录回款", "第1期 已回清", "还差 10万");
    assertThat(chat.say("lisi", "星河科技 回款 20万")).contains("超过合同", "未回款的 10万");
    // 回款 without an amount (as the 回款提醒 card's 登记回款 sends it) asks; the reply is the amount
    assertThat(chat.say("lisi", "星河科技 回款")).contains("这笔回款是多少");
    assertThat(chat.say("lisi", "10万")).contains("第2期 已回清", "合同已全部回款，共 30万");
    assertThat(chat.say("lisi", "星河科技 回款 1万")).contains("都已全部回款");
    assertThat(
            chat.count(
                "SELECT count(*) FROM contract_receipt WHERE contract_id IN"
                    + " (SELECT k.id FROM contract k JOIN customer c ON c.id = k.customer_id"
                    + " WHERE c.name = '星河科技')"))
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "撤销 a 回款 restores what is owed; 撤销 生成合同 is refused while money is in, and voids the contract once it is taken back; the deal may have a new one")
  void undoReceiptAndContract() throws Exception {
    chat.say("lisi", "新客户 松鹤科技");
    chat.say("lisi", "商机 松鹤科技 平台 10万");
    chat.say("lisi", "松鹤科技 赢单");
    String made = chat.say("lisi", "松鹤科技 生成合同 分两期");
    assertThat(made).contains("合同已生成", "撤销");
    String contractKey = undoKey(made);
    assertThat(contractKey).startsWith("undo:contract:");

    assertThat(chat.say("lisi", "松鹤科技 回款 6万")).contains("第1期 已回清", "还差 4万");
    assertThat(chat.say("lisi", "撤销")).contains("已撤销", "回款 6万");
    assertThat(
            chat.text(
                "SELECT received::text FROM contract WHERE number LIKE 'HT%' AND customer_id ="
                    + " (SELECT id FROM customer WHERE name = '松鹤科技')"))
        .isEqualTo("0.00");
    assertThat(
            chat.count(
                "SELECT count(*) FROM contract_instalment WHERE paid_at IS NOT NULL"
                    + " AND received > 0 AND contract_id IN (SELECT id FROM contract k WHERE k.customer_id ="
                    + " (SELECT id FROM customer WHERE name = '松鹤科技'))"))
        .isZero();
    assertThat(chat.say("lisi", "撤销")).as("the undo itself is not undone").contains("没有可以撤销");

    // money in again: the contract's 撤销 button is refused, in Chinese
    chat.say("lisi", "松鹤科技 回款 1万");
    assertThat(chat.click("lisi", contractKey)).contains("无法撤销");
    assertThat(chat.say("lisi", "撤销")).contains("已撤销");
    assertThat(chat.click("lisi", contractKey)).contains("已撤销");
    assertThat(chat.count("SELECT count(*) FROM contract WHERE deleted_at IS NOT NULL"))
        .isEqualTo(1);
    assertThat(
            chat.count(
                "SELECT count(*) FROM reminder WHERE status = 'pending' AND text LIKE"
                    + " '%松鹤科技%'"))
        .isZero();
    assertThat(chat.say("lisi", "松鹤科技 生成合同")).contains("合同已生成");
  }

  static String undoKey(String reply) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("undo:[a-z]+:[0-9:]+").matcher(reply);
    assertThat(m.find()).isTrue();
    return m.group();
  }

  /** A due day as the card shows it: with its year when that is not the signing year. */
  static String shown(LocalDate day, LocalDate signed) {
    String md = DateTimeFormatter.ofPattern("M月d日").format(day);
    return day.getYear() == signed.getYear() ? md : day.getYear() + "年" + md;
  }

  @Test
  @DisplayName(
      "回款 without an amount is asked for, 0万 is refused; neither becomes a follow-up or a deal")
  void receiptWithoutAmount() throws Exception {
    chat.say("lisi", "新客户 松柏精工");
    assertThat(chat.say("lisi", "松柏精工 回款")).contains("这笔回款是多少", "直接回复即可");
    // the answer is the amount: without a contract that is said, and nothing is written
    assertThat(chat.say("lisi", "5万")).contains("还没有合同");
    // the 回款提醒 card's 登记回款 does the same; its card says where to go on, not that it is done,
    // and the question arrives in the chat
    int before = chat.sendsTo("lisi").size();
    assertThat(chat.click("lisi", "cmd:松柏精工 回款")).isEqualTo("请在对话中回复");
    List<SandboxCall> asked = eventually(() -> chat.sendsTo("lisi"), l -> l.size() > before);
    assertThat(asked.get(asked.size() - 1).body().encode()).contains("「松柏精工」这笔回款是多少");
    assertThat(chat.say("lisi", "松柏精工 回款 0万")).doesNotContain("商机").contains("还没有合同");
    assertThat(chat.count("SELECT count(*) FROM follow_up WHERE content = '回款'")).isZero();
    assertThat(chat.count("SELECT count(*) FROM opportunity WHERE name = '回款'")).isZero();
  }

  @Test
  @DisplayName("回款 for a customer without a contract says how to make one; nothing is written")
  void receiptWithoutContract() throws Exception {
    chat.say("lisi", "新客户 鼎海贸易");
    assertThat(chat.say("lisi", "鼎海贸易 回款 5万")).contains("还没有合同", "鼎海贸易 生成合同");
    assertThat(chat.count("SELECT count(*) FROM contract_receipt WHERE amount = 50000")).isZero();
  }
}
