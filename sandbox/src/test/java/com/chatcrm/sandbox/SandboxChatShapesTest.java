package com.chatcrm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.gateway.dingtalk.DingTalkRenderer;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How the chat page's API reads DingTalk command links and puts DingTalk's message shapes into one.
 */
class SandboxChatShapesTest {

  static final ChatMessage CARD =
      new ChatMessage(
          "⏰ 提醒",
          "给星河发合同",
          List.of(),
          List.of(
              new ChatMessage.Button("reminder.done:42", "完成"),
              new ChatMessage.Button("https://m.example/c/1", "查看")));

  @Test
  @DisplayName(
      "a command link the renderer made gives back the command text; anything else is refused")
  void commandLinks() {
    String md = DingTalkRenderer.webhook(CARD, List.of(), null).encode();
    String link = md.replaceAll("(?s).*\\((dtmd://[^)]+)\\).*", "$1");
    assertThat(SandboxChatApi.commandContent(link)).isEqualTo("完成 #reminder.done:42");
    assertThat(SandboxChatApi.commandContent("https://example.com/?content=x")).isNull();
    assertThat(SandboxChatApi.commandContent("dtmd://dingtalkclient/sendMessage?other=1")).isNull();
    assertThat(SandboxChatApi.commandContent("dtmd://dingtalkclient/sendMessage?content=%E4%BD"))
        .isNull();
    assertThat(SandboxChatApi.commandContent(null)).isNull();
  }

  @Test
  @DisplayName("OpenAPI robot sends and work notifications come out in the webhook's shape")
  void shapes() {
    JsonObject open = DingTalkRenderer.openApi(CARD, "https://m.example/");
    JsonObject fromOpen =
        SandboxChatShapes.fromOpenApi(open.getString("msgKey"), open.getValue("msgParam"));
    assertThat(fromOpen.getString("msgtype")).isEqualTo("actionCard");
    assertThat(fromOpen.getJsonObject("actionCard").getJsonArray("btns")).hasSize(2);
    assertThat(fromOpen.getJsonObject("actionCard").getString("text"))
        .contains("dtmd://", "给星河发合同");

    JsonObject notice = DingTalkRenderer.workNotice(CARD, null);
    JsonObject fromNotice = SandboxChatShapes.fromWorkNotice(notice);
    assertThat(fromNotice.getString("msgtype")).isEqualTo("actionCard");
    assertThat(fromNotice.getJsonObject("actionCard").getString("singleURL"))
        .isEqualTo("https://m.example/c/1");

    JsonObject text =
        SandboxChatShapes.fromOpenApi("sampleText", new JsonObject().put("content", "你好").encode());
    assertThat(text.getJsonObject("text").getString("content")).isEqualTo("你好");
    assertThat(SandboxChatShapes.fromOpenApi("sampleAudio", "{}")).isNull();
    assertThat(SandboxChatShapes.fromOpenApi("sampleText", "not json")).isNull();
  }
}
