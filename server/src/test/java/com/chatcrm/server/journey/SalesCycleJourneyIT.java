package com.chatcrm.server.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.server.journey.JourneyClient.Chat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole sales cycle, typed in chat on the packaged jar over public HTTP only: a lead (线索) is
 * converted into a customer with its contact and a deal, the deal is won, and becomes a contract
 * with two instalments, the reminder of the first (due tomorrow, so at once) is pushed as a card by
 * the wall clock, and two receipts settle it. Both platforms. The reminder dispatcher's tick is
 * shortened by its setting.
 */
class SalesCycleJourneyIT {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final DateTimeFormatter MD = DateTimeFormatter.ofPattern("M月d日");

  @TempDir static Path workDir;
  static PackagedService service;
  static JourneyClient client;

  @BeforeAll
  static void start() throws Exception {
    service = new PackagedService(workDir, Map.of("CRM_REMINDERS_TICK_MILLIS", "200"));
    client = service.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  /** A due day as the card shows it: with its year when that is not the signing year. */
  static String shown(LocalDate day, LocalDate signed) {
    return day.getYear() == signed.getYear()
        ? MD.format(day)
        : day.getYear() + "年" + MD.format(day);
  }

  @ParameterizedTest
  @EnumSource(SandboxRep.class)
  @DisplayName(
      "线索 → 转客户 30万 → 赢单 → 生成合同 with two instalments → the first one's 回款提醒 card → 回款 twice → 合同已全部回款")
  void leadToMoneyIn(SandboxRep rep) {
    Chat chat = client.chat(rep.platform, rep.corpId, rep.userId);
    String name = "长风海运有限公司" + rep.ordinal();
    String phone = "1371234000" + rep.ordinal();
    BotMessage lead = chat.ask("线索 " + name + " 王经理 " + phone + " 官网咨询运力");
    assertThat(lead.text()).as(lead.toString()).contains("已记录线索", name, "王经理", phone, "未处理");
    assertThat(chat.ask("我的线索").text()).contains(name);
    BotMessage converted = chat.ask(name + " 转客户 30万");
    assertThat(converted.text()).as(converted.toString()).contains("线索已转为客户", name, "王经理", "30万");
    assertThat(chat.ask("查 " + name).text()).contains("找到 1 个客户", name);
    assertThat(chat.ask(name + " 赢单").text()).contains("赢单");

    LocalDate today = LocalDate.now(SHANGHAI);
    String first = MD.format(today.plusDays(1));
    String second = MD.format(today.plusDays(40));
    BotMessage made = chat.ask(name + " 生成合同 30万 " + first + " 10万 " + second + " 20万");
    assertThat(made.text())
        .as(made.toString())
        .contains(
            "合同已生成",
            "第1期 " + shown(today.plusDays(1), today) + " 10万",
            "第2期 " + shown(today.plusDays(40), today) + " 20万");

    BotMessage card =
        chat.waitFor(
            Duration.ofSeconds(60),
            "the 回款提醒 card of the first instalment",
            m -> m.says("回款提醒") && m.says(name) && m.says("第1期"));
    assertThat(card.text()).contains("10万", first + " 到期", "登记回款").doesNotContain("跟进提醒");
    // a plan that leaves money without a due day says so
    assertThat(made.text()).doesNotContain("没有排期");

    BotMessage paid = chat.ask(name + " 回款 10万");
    assertThat(paid.text()).as(paid.toString()).contains("第1期 已回清", "还差 20万");
    BotMessage settled = chat.ask("收到" + name + "打款 20万");
    assertThat(settled.text()).as(settled.toString()).contains("第2期 已回清", "合同已全部回款");
  }
}
