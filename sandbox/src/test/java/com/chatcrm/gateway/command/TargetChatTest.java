package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.salestarget.TargetMetric;
import com.chatcrm.engine.salestarget.TargetPeriod;
import com.chatcrm.engine.salestarget.TargetService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.WeComChat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 本月业绩 in chat shows the sender's 业绩目标 with the month's figures, through WeCom's callback path. */
class TargetChatTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static WeComChat chat;

  @BeforeAll
  static void start() throws Exception {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of("wangwu"));
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  @Test
  @DisplayName(
      "the admin sets 李四's follow-up and 赢单 targets; 本月业绩 shows them with what SQL counts this month")
  void monthlyFiguresAgainstTargets() throws Exception {
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    TargetPeriod month = TargetPeriod.of(TargetPeriod.Kind.MONTH, today);
    TargetService targets = new TargetService(db.pool());
    long lisi = chat.userId("lisi");
    await(
        targets.set(
            chat.as(chat.userId("wangwu")),
            lisi,
            month,
            TargetMetric.FOLLOW_UPS,
            BigDecimal.TEN,
            today));
    await(
        targets.set(
            chat.as(chat.userId("wangwu")),
            lisi,
            month,
            TargetMetric.WON_AMOUNT,
            new BigDecimal("500000"),
            today));
    chat.say("lisi", "新客户 目标测试科技");
    chat.say("lisi", "跟进 目标测试科技 电话沟通了需求");
    chat.say("lisi", "跟进 目标测试科技 发了方案");
    chat.say("lisi", "商机 目标测试科技 系统集成 20万");
    chat.say("lisi", "目标测试科技 赢单");

    long followUps =
        chat.count(
            "SELECT count(*) FROM follow_up WHERE author_id = "
                + lisi
                + " AND deleted_at IS NULL AND happened_at >= ('"
                + month.start()
                + "'::timestamp AT TIME ZONE 'Asia/Shanghai')");
    assertThat(followUps).isEqualTo(2);
    String answer = chat.say("lisi", "本月业绩");
    assertThat(answer)
        .contains("目标 · " + month.label())
        .contains("跟进 2 / 10（20%）")
        .contains("赢单金额 20万 / 50万（40%）");
    // 我的周报 shows the month's targets too
    assertThat(chat.say("lisi", "我的周报")).contains("目标 · " + month.label(), "跟进 2 / 10（20%）");
  }
}
