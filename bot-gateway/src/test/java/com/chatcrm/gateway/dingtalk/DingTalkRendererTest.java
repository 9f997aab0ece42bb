package com.chatcrm.gateway.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Neutral messages rendered into DingTalk's webhook, OpenAPI and work-notification shapes. */
class DingTalkRendererTest {

  static final ChatMessage CARD =
      new ChatMessage(
          "跟进提醒",
          "回访华为技术",
          List.of(new ChatMessage.Field("客户", "华为技术")),
          List.of(
              new ChatMessage.Button("reminder.done:42", "完成"),
              new ChatMessage.Button("reminder.snooze:42:60", "推迟 1 小时")));

  @Test
  @DisplayName(
      "a command button is a dtmd link whose text comes back as its key; ordinary text carries none")
  void commandLinksRoundTrip() {
    String link =
        DingTalkRenderer.commandLink(new ChatMessage.Button("reminder.snooze:42:60", "推迟 1 小时"));
    assertThat(link)
        .isEqualTo(
            "[推迟 1 小时](dtmd://dingtalkclient/sendMessage?content="
                + "%E6%8E%A8%E8%BF%9F%201%20%E5%B0%8F%E6%97%B6%20%23reminder.snooze%3A42%3A60)");
    assertThat(DingTalkRenderer.buttonKey("推迟 1 小时 #reminder.snooze:42:60"))
        .isEqualTo("reminder.snooze:42:60");
    assertThat(DingTalkRenderer.buttonKey(" 完成 #reminder.done:42 ")).isEqualTo("reminder.done:42");
    assertThat(DingTalkRenderer.buttonKey("跟进 华为 #1 号方案")).isNull();
    assertThat(DingTalkRenderer.buttonKey("撤销 #undo:customer:7")).isEqualTo("undo:customer:7");
    assertThat(DingTalkRenderer.buttonKey("写跟进 #cmd:跟进 华为技术")).isNull();
    assertThat(DingTalkRenderer.buttonKey("新建客户 华为技术")).isNull();
    assertThat(DingTalkRenderer.buttonKey(null)).isNull();
  }

  @Test
  @DisplayName(
      "OpenAPI: text → sampleText, no page → sampleMarkdown, 1 page → sampleActionCard, 2 → sampleActionCard2")
  void openApiShapes() {
    assertThat(DingTalkRenderer.openApi(ChatMessage.text("你好"), "https://app").getString("msgKey"))
        .isEqualTo("sampleText");
    JsonObject md = DingTalkRenderer.openApi(CARD, null);
    assertThat(md.getString("msgKey")).isEqualTo("sampleMarkdown");
    assertThat(md.getValue("msgParam")).isInstanceOf(String.class);
    assertThat(new JsonObject(md.getString("msgParam")).getString("text"))
        .contains("#### 跟进提醒", "客户：**华为技术**", "[完成](dtmd://", "[推迟 1 小时](dtmd://");
    JsonObject one = DingTalkRenderer.openApi(CARD, "https://app/");
    assertThat(one.getString("msgKey")).isEqualTo("sampleActionCard");
    assertThat(new JsonObject(one.getString("msgParam")).getString("singleURL"))
        .isEqualTo("https://app/");
    ChatMessage withLink =
        new ChatMessage(
            "客户详情",
            "华为技术",
            List.of(),
            List.of(new ChatMessage.Button("https://app/#/customer/9", "查看客户")));
    JsonObject two = DingTalkRenderer.openApi(withLink, "https://app/");
    assertThat(two.getString("msgKey")).isEqualTo("sampleActionCard2");
    assertThat(new JsonObject(two.getString("msgParam")).getString("actionURL1"))
        .isEqualTo("https://app/#/customer/9");
    // a card with its own 打开 Chat CRM button is not given a second one
    ChatMessage opensApp =
        new ChatMessage(
            "离职交接：冯一",
            "冯一 已离职",
            List.of(),
            List.of(ChatMessage.Button.open("https://app/#/", DingTalkRenderer.OPEN_APP)));
    JsonObject once = DingTalkRenderer.openApi(opensApp, "https://app/");
    assertThat(once.getString("msgKey")).isEqualTo("sampleActionCard");
    assertThat(once.getString("msgParam").split(DingTalkRenderer.OPEN_APP, -1)).hasSize(2);
  }

  @Test
  @DisplayName(
      "webhook: mentions go into at.atUserIds and the text; with mentions a card stays markdown")
  void webhookShapes() {
    JsonObject text = DingTalkRenderer.webhook(ChatMessage.text("已记录"), List.of("u1"), null);
    assertThat(text.getJsonObject("text").getString("content")).isEqualTo("已记录 @u1");
    assertThat(text.getJsonObject("at").getJsonArray("atUserIds")).containsExactly("u1");
    JsonObject card = DingTalkRenderer.webhook(CARD, List.of(), "https://app/");
    assertThat(card.getString("msgtype")).isEqualTo("actionCard");
    assertThat(card.getJsonObject("actionCard").getString("singleURL")).isEqualTo("https://app/");
    JsonObject mentioned = DingTalkRenderer.webhook(CARD, List.of("u1"), "https://app/");
    assertThat(mentioned.getString("msgtype")).isEqualTo("markdown");
    assertThat(mentioned.getJsonObject("markdown").getString("text"))
        .contains("[打开 Chat CRM](https://app/)", "@u1");
  }

  @Test
  @DisplayName(
      "a chart image is drawn inline in the markdown of every DingTalk shape, under the text")
  void imageInline() {
    String chart = "https://crm.example.com/charts/daily/1/2/2026-11-20.png?exp=1&sig=ab";
    ChatMessage report =
        new ChatMessage(
            "销售日报",
            "今天团队跟进 2 次。",
            List.of(new ChatMessage.Field("跟进", "2")),
            List.of(ChatMessage.Button.open("https://crm.example.com/m/#/report", "打开报表")),
            chart);
    String image = "![图表](" + chart + ")";
    String openApi =
        new JsonObject(DingTalkRenderer.openApi(report, null).getString("msgParam"))
            .getString("text");
    assertThat(openApi).contains("今天团队跟进 2 次。\n\n" + image);
    assertThat(
            DingTalkRenderer.webhook(report, List.of(), null)
                .getJsonObject("actionCard")
                .getString("text"))
        .contains(image);
    assertThat(
            DingTalkRenderer.workNotice(report, null)
                .getJsonObject("action_card")
                .getString("markdown"))
        .contains(image);
    assertThat(DingTalkRenderer.openApi(CARD, null).getString("msgParam")).doesNotContain("![");
  }

  @Test
  void workNoticeShapes() {
    assertThat(DingTalkRenderer.workNotice(ChatMessage.text("hi"), null).getString("msgtype"))
        .isEqualTo("text");
    assertThat(DingTalkRenderer.workNotice(CARD, null).getJsonObject("markdown").getString("title"))
        .isEqualTo("跟进提醒");
    JsonObject card =
        DingTalkRenderer.workNotice(CARD, "https://app/").getJsonObject("action_card");
    assertThat(card.getString("single_title")).isEqualTo("打开 Chat CRM");
  }
}
