package com.chatcrm.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.gateway.message.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmailImageTest {

  @Test
  @DisplayName("a mail shows the chart as an image in HTML and as its address in plain text")
  void chartInMail() {
    ChatMessage m =
        new ChatMessage(
            "销售日报",
            "今天团队跟进 2 次。",
            List.of(),
            List.of(),
            "https://crm.example.com/charts/daily/1/2/2026-11-20.png?exp=1&sig=ab");
    assertThat(EmailSender.html(m))
        .contains(
            "<img src=\"https://crm.example.com/charts/daily/1/2/2026-11-20.png?exp=1&amp;sig=ab\"");
    assertThat(EmailSender.text(m))
        .contains("图表：https://crm.example.com/charts/daily/1/2/2026-11-20.png?exp=1&sig=ab");
    assertThat(EmailSender.html(new ChatMessage("t", "x", List.of(), List.of())))
        .doesNotContain("<img");
  }
}
