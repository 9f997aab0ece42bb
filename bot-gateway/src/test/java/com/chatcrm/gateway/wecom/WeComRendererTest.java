package com.chatcrm.gateway.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.notify.OutboxNotifier;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WeComRendererTest {

  @Test
  void plainTextIsText() {
    JsonObject body = WeComRenderer.render(ChatMessage.text("已记录"), "lisi", 1000002, "t1");
    assertThat(body.getString("msgtype")).isEqualTo("text");
    assertThat(body.getJsonObject("text").getString("content")).isEqualTo("已记录");
    assertThat(body.getInteger("agentid")).isEqualTo(1000002);
  }

  @Test
  void fieldsWithoutButtonsAreMarkdown() {
    JsonObject body =
        WeComRenderer.render(
            new ChatMessage("客户已创建", null, List.of(new Field("客户", "华为技术")), List.of()),
            "lisi",
            1,
            "t");
    assertThat(body.getString("msgtype")).isEqualTo("markdown");
    assertThat(body.getJsonObject("markdown").getString("content"))
        .contains("**客户已创建**", "客户", "华为技术");
  }

  @Test
  void aSingleLinkIsATextcard() {
    JsonObject body =
        WeComRenderer.render(
            new ChatMessage(
                "华为技术",
                "上次跟进：11月20日",
                List.of(),
                List.of(Button.open("https://crm.example.com/m/c/1", "打开详情"))),
            "lisi",
            1,
            "t");
    assertThat(body.getString("msgtype")).isEqualTo("textcard");
    assertThat(body.getJsonObject("textcard").getString("url"))
        .isEqualTo("https://crm.example.com/m/c/1");
    assertThat(body.getJsonObject("textcard").getString("btntxt")).isEqualTo("打开详情");
  }

  @Test
  void buttonsMakeAnInteractiveCardWithLinkButtonsKept() {
    JsonObject body =
        WeComRenderer.render(
            new ChatMessage(
                "提醒：回访华为",
                "今天 15:00",
                List.of(new Field("客户", "华为技术")),
                List.of(
                    new Button("reminder.done:7", "完成"),
                    Button.open("https://crm.example.com/m/c/1", "详情"))),
            "lisi",
            1,
            "task-7");
    JsonObject card = body.getJsonObject("template_card");
    assertThat(body.getString("msgtype")).isEqualTo("template_card");
    assertThat(card.getString("card_type")).isEqualTo("button_interaction");
    assertThat(card.getString("task_id")).isEqualTo("task-7");
    assertThat(card.getJsonArray("button_list").getJsonObject(0).getString("key"))
        .isEqualTo("reminder.done:7");
    assertThat(card.getJsonArray("button_list").getJsonObject(1).getInteger("type")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a 日报 with a chart: WeCom shows no inline image, so the chart is a 查看图表 link next to 打开报表")
  void reportChartIsALinkButton() {
    String chart = "https://crm.example.com/charts/daily/1/2/2026-11-20.png?exp=1&sig=ab";
    Notification report =
        new Notification(
                "销售日报 11月20日",
                "今天团队跟进 2 次。",
                List.of(new Notification.Field("跟进", "2")),
                List.of(new Notification.Button("open:https://crm.example.com/m/#/report", "打开报表")),
                "daily-report:1:2026-11-20",
                List.of(Notification.CHAT))
            .withImage(chart);
    // as the outbox stores and reads it back
    ChatMessage queued = ChatMessage.fromJson(OutboxNotifier.toChatMessage(report).toJson());
    JsonObject card =
        WeComRenderer.render(queued, "zhangsan", 1, "task-r").getJsonObject("template_card");
    assertThat(card.getJsonArray("button_list").stream().map(o -> (JsonObject) o).toList())
        .extracting(b -> b.getString("text"), b -> b.getInteger("type"), b -> b.getString("url"))
        .containsExactly(
            tuple("打开报表", 1, "https://crm.example.com/m/#/report"), tuple("查看图表", 1, chart));
    assertThat(card.getString("sub_title_text")).contains("今天团队跟进 2 次");
  }

  @Test
  void anImageAloneIsATextcardOpeningIt() {
    JsonObject body =
        WeComRenderer.render(
            new ChatMessage("图", null, List.of(), List.of(), "https://x.example/c.png"),
            "lisi",
            1,
            "t");
    assertThat(body.getString("msgtype")).isEqualTo("textcard");
    assertThat(body.getJsonObject("textcard").getString("url"))
        .isEqualTo("https://x.example/c.png");
  }

  @Test
  void longContentIsCutAtWeComsLimitWithoutBreakingACharacter() {
    String text = "华".repeat(1000);
    String content =
        WeComRenderer.render(ChatMessage.text(text), "lisi", 1, "t")
            .getJsonObject("text")
            .getString("content");
    assertThat(content.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(WeComRenderer.MAX_CONTENT_BYTES);
    assertThat(content).endsWith("…").doesNotContain("\uFFFD");
  }
}
