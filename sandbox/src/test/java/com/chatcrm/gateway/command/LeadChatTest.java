package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.WeComChat;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leads (线索) typed in chat, through WeCom's real callback path: recorded with 查重, converted into a
 * customer with its contact and a deal in one step (and taken back with 撤销), closed as 无效, listed —
 * and a colleague's lead stays invisible.
 */
class LeadChatTest {

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
      "线索 → 查重 → 我的线索 → 转客户 30万: customer, contact and deal exist once; 撤销 takes them back")
  void leadToCustomer() throws Exception {
    String made = chat.say("lisi", "线索 启明星教育 陈老师 13811112222 官网留言想了解报价");
    assertThat(made).contains("已记录线索", "启明星教育", "陈老师", "13811112222", "未处理", "李四");
    assertThat(chat.say("lisi", "新线索 启明星教育")).contains("线索可能重复", "启明星教育", "李四");
    assertThat(chat.count("SELECT count(*) FROM lead WHERE company = '启明星教育'")).isEqualTo(1);
    assertThat(chat.say("lisi", "我的线索")).contains("启明星教育", "陈老师", "未处理");

    String converted = chat.say("lisi", "启明星教育 转客户 30万");
    assertThat(converted).contains("线索已转为客户", "启明星教育", "陈老师", "30万", "撤销");
    assertThat(chat.count("SELECT count(*) FROM customer WHERE name = '启明星教育'")).isEqualTo(1);
    assertThat(chat.count("SELECT count(*) FROM contact WHERE name = '陈老师'")).isEqualTo(1);
    assertThat(
            chat.count(
                "SELECT count(*) FROM opportunity WHERE amount = 300000 AND deleted_at IS NULL"))
        .isEqualTo(1);
    assertThat(chat.text("SELECT status FROM lead WHERE company = '启明星教育'")).isEqualTo("converted");
    assertThat(chat.say("lisi", "我的线索")).doesNotContain("启明星教育");
    assertThat(chat.say("lisi", "启明星教育 转客户")).contains("没有找到");

    long leadId = chat.count("SELECT id FROM lead WHERE company = '启明星教育'");
    assertThat(chat.click("lisi", "undo:lead-convert:" + leadId)).contains("已撤销");
    assertThat(chat.text("SELECT status FROM lead WHERE company = '启明星教育'")).isEqualTo("new");
    assertThat(
            chat.count("SELECT count(*) FROM customer WHERE name = '启明星教育' AND deleted_at IS NULL"))
        .isZero();
    assertThat(chat.say("lisi", "启明星教育 转客户"))
        .contains("线索已转为客户", "建商机")
        .doesNotContain("\"keyname\":\"商机\"");
  }

  @Test
  @DisplayName("线索无效 with its reason, 撤销 reopens it; a colleague's lead is never found")
  void invalidAndHidden() throws Exception {
    chat.say("lisi", "线索 蓝天环保设备 赵经理 13922223333");
    assertThat(chat.say("wangwu", "蓝天环保设备 转客户")).contains("没有找到");
    assertThat(chat.say("wangwu", "蓝天环保设备 线索无效")).contains("没有找到");
    assertThat(chat.say("wangwu", "线索 蓝天环保设备")).contains("线索可能重复").doesNotContain("李四");

    assertThat(chat.say("lisi", "蓝天环保设备 线索无效 空号")).contains("已标记线索无效", "空号");
    assertThat(chat.text("SELECT invalid_reason FROM lead WHERE company = '蓝天环保设备'"))
        .isEqualTo("空号");
    long id = chat.count("SELECT id FROM lead WHERE company = '蓝天环保设备'");
    assertThat(chat.click("lisi", "undo:lead-invalid:" + id)).contains("已撤销");
    assertThat(chat.text("SELECT status FROM lead WHERE company = '蓝天环保设备'")).isEqualTo("new");
    // the manager sees the team's
    assertThat(chat.say("zhangsan", "团队线索")).contains("蓝天环保设备", "李四");
  }

  @Test
  @DisplayName("撤销 right after 线索 takes the lead back; it is no longer listed or found")
  void undoCapture() throws Exception {
    assertThat(chat.say("lisi", "线索 恒通快运 13512345678")).contains("已记录线索", "撤销");
    long id = chat.count("SELECT id FROM lead WHERE company = '恒通快运'");
    assertThat(chat.click("lisi", "undo:lead:" + id)).contains("已撤销");
    assertThat(
            chat.count("SELECT count(*) FROM lead WHERE company = '恒通快运' AND deleted_at IS NULL"))
        .isZero();
    assertThat(chat.say("lisi", "我的线索")).doesNotContain("恒通快运");
    assertThat(chat.say("lisi", "恒通快运 转客户")).contains("没有找到");
  }

  @Test
  @DisplayName(
      "a free sentence names the company and its contact apart; 放回线索池 gives it to everyone, 领取线索 takes it back")
  void freeSentenceAndPool() throws Exception {
    String made = chat.say("lisi", "有个线索，云帆机械的王经理，电话13900002222，展会上认识的");
    assertThat(made).contains("已记录线索", "\"value\":\"云帆机械\"", "王经理", "展会上认识的");
    assertThat(chat.say("lisi", "云帆机械 放回线索池")).contains("已放回线索池");
    assertThat(chat.say("wangwu", "线索池")).contains("云帆机械");
    assertThat(chat.say("wangwu", "领取线索 云帆机械")).contains("已领取线索", "王五");
    assertThat(chat.say("lisi", "我的线索")).doesNotContain("云帆机械");
  }

  @Test
  @DisplayName("a lead named like an existing customer is not recorded: the customer is shown")
  void customerAlreadyThere() throws Exception {
    chat.say("lisi", "新客户 银杉木业");
    assertThat(chat.say("lisi", "线索 银杉木业 13644445555")).contains("线索可能重复", "客户「银杉木业」");
    assertThat(chat.count("SELECT count(*) FROM lead WHERE company = '银杉木业'")).isZero();
  }
}
