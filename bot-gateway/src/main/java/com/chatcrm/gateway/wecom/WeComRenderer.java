package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a neutral message as a WeCom message/send body: text; markdown; a textcard for a single
 * link; a button_interaction template card when there are buttons to click back. An image becomes a
 * 查看图表 link button.
 */
public final class WeComRenderer {

  /** WeCom cuts text and markdown content beyond 2048 bytes. */
  static final int MAX_CONTENT_BYTES = 2048;

  static final String IMAGE_LINK = "查看图表";

  private WeComRenderer() {}

  public static JsonObject render(ChatMessage message, String toUser, int agentId, String taskId) {
    ChatMessage m = imageAsLink(message);
    JsonObject body = new JsonObject().put("touser", toUser).put("agentid", agentId);
    if (m.isPlainText()) {
      return body.put("msgtype", "text")
          .put("text", new JsonObject().put("content", cut(m.markdown())));
    }
    if (m.buttons().isEmpty()) {
      StringBuilder md = new StringBuilder();
      if (m.title() != null) {
        md.append("**").append(m.title()).append("**\n");
      }
      if (m.markdown() != null) {
        md.append(m.markdown()).append('\n');
      }
      m.fields()
          .forEach(
              f ->
                  md.append("> ")
                      .append(f.label())
                      .append("：<font color=\"info\">")
                      .append(f.value())
                      .append("</font>\n"));
      return body.put("msgtype", "markdown")
          .put("markdown", new JsonObject().put("content", cut(md.toString().strip())));
    }
    if (m.buttons().size() == 1 && m.buttons().get(0).opensUrl()) {
      // one link and nothing to click back: WeCom's textcard, which opens the URL when tapped
      StringBuilder description = new StringBuilder(m.markdown() == null ? "" : m.markdown());
      m.fields()
          .forEach(
              f ->
                  description
                      .append(description.length() == 0 ? "" : "\n")
                      .append(f.label())
                      .append("：")
                      .append(f.value()));
      return body.put("msgtype", "textcard")
          .put(
              "textcard",
              new JsonObject()
                  .put("title", m.title() == null ? "Chat CRM" : m.title())
                  .put("description", cut(description.toString()))
                  .put("url", m.buttons().get(0).url())
                  .put("btntxt", m.buttons().get(0).text()));
    }
    JsonObject card =
        new JsonObject()
            .put("card_type", "button_interaction")
            .put(
                "main_title",
                new JsonObject().put("title", m.title() == null ? "Chat CRM" : m.title()))
            .put("task_id", taskId);
    if (m.markdown() != null) {
      card.put("sub_title_text", m.markdown());
    }
    JsonArray fields = new JsonArray();
    m.fields().stream()
        .limit(6)
        .forEach(
            f -> fields.add(new JsonObject().put("keyname", f.label()).put("value", f.value())));
    if (!fields.isEmpty()) {
      card.put("horizontal_content_list", fields);
    }
    JsonArray buttons = new JsonArray();
    m.buttons().stream()
        .limit(6)
        .forEach(
            b ->
                buttons.add(
                    b.opensUrl()
                        ? new JsonObject()
                            .put("type", 1)
                            .put("text", b.text())
                            .put("url", b.url())
                            .put("style", 2)
                        : new JsonObject()
                            .put("text", b.text())
                            .put("key", b.key())
                            .put("style", buttons.isEmpty() ? 1 : 2)));
    card.put("button_list", buttons);
    return body.put("msgtype", "template_card").put("template_card", card);
  }

  // App markdown shows no images and our platform notes document no card image field: the image
  // opens as a link.
  private static ChatMessage imageAsLink(ChatMessage m) {
    if (m.imageUrl() == null) {
      return m;
    }
    List<ChatMessage.Button> buttons = new ArrayList<>(m.buttons());
    buttons.add(ChatMessage.Button.open(m.imageUrl(), IMAGE_LINK));
    return new ChatMessage(m.title(), m.markdown(), m.fields(), buttons);
  }

  private static String cut(String s) {
    byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_CONTENT_BYTES) {
      return s == null ? "" : s;
    }
    String cut = new String(bytes, 0, MAX_CONTENT_BYTES - 3, StandardCharsets.UTF_8);
    // a multi-byte character cut in half decodes to U+FFFD: drop it
    return cut.replaceAll("\uFFFD+$", "") + "…";
  }
}
