package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.LimitReached;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The words of the replies: Chinese always, amounts the way reps say them. */
class ChatCommandsTextTest {

  @Test
  @DisplayName("an engine refusal in English becomes a Chinese sentence; a Chinese one is kept")
  void refusalsInChinese() {
    assertThat(CardTexts.inChinese(new Forbidden("you may not edit customer 5"))).contains("没有权限");
    assertThat(CardTexts.inChinese(InvalidInput.field("name", "客户名称不能为空"))).isEqualTo("客户名称不能为空");
    assertThat(CardTexts.inChinese(new LimitReached("客户数已达上限（最多 3 个）"))).startsWith("客户数已达上限");
  }

  @Test
  @DisplayName("amounts are shown in 万 from ten thousand yuan up")
  void money() {
    assertThat(CardTexts.money(new BigDecimal("450000.00"))).isEqualTo("¥45万");
    assertThat(CardTexts.money(new BigDecimal("35000"))).isEqualTo("¥3.5万");
    assertThat(CardTexts.money(new BigDecimal("5000.00"))).isEqualTo("¥5000");
    assertThat(CardTexts.money(null)).isEqualTo("¥0");
  }

  @Test
  @DisplayName("a tapped DingTalk command link runs its prepared line; other text is left alone")
  void clickedCommand() {
    assertThat(ChatCommands.clickedCommand("金星化工 #cmd:跟进 金星化工 电话聊了报价")).isEqualTo("跟进 金星化工 电话聊了报价");
    assertThat(ChatCommands.clickedCommand(" 写跟进 #cmd:跟进 星河传媒 ")).isEqualTo("跟进 星河传媒");
    assertThat(ChatCommands.clickedCommand("跟进 华为 #1 号方案")).isEqualTo("跟进 华为 #1 号方案");
    assertThat(ChatCommands.clickedCommand("写跟进 #cmd: ")).isEqualTo("写跟进 #cmd: ");
    assertThat(ChatCommands.clickedCommand(null)).isEmpty();
  }
}
