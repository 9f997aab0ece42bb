package com.chatcrm.gateway.dingtalk;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a neutral message for DingTalk's three message shapes: the robot webhook JSON (session
 * webhooks and custom group robots), the OpenAPI robot sends ({@code msgKey} + {@code msgParam} as
 * a JSON string) and work notifications. No card template is needed in DingTalk's console: a button
 * with a key becomes a markdown link {@code dtmd://dingtalkclient/sendMessage?content=...} that,
 * when tapped, sends the prepared command "完成 #reminder.done:42" back to the robot as the tapping
 * user; a button whose key is an http(s) URL, and the mini-app, become ActionCard buttons.
 */
public final class DingTalkRenderer {

  /**
   * A prepared command ends with "#" and the button key: {@code reminder.done:42}, or the command
   * language's {@code undo:customer:7} and {@code detail:customer:7}. Its {@code cmd:<line>} keys
   * are not button keys here: the line goes to the command language as text, which answers in the
   * same chat.
   */
  private static final Pattern COMMAND =
      Pattern.compile(
          "#((?:[a-z][a-z_]*\\.[a-z_]+|undo|detail|confirm|cancel)(?::[A-Za-z0-9_-]+)+)\\s*$");

  static final String OPEN_APP = "打开 Chat CRM";
  static final String IMAGE_ALT = "图表";

  private DingTalkRenderer() {}

  /** The text a command button sends back, e.g. {@code 完成 #reminder.done:42}. */
  public static String command(ChatMessage.Button b) {
    return b.text() + " #" + b.key();
  }

  /** The button key a received text carries (a tapped command link), or null for ordinary text. */
  public static String buttonKey(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = COMMAND.matcher(text.strip());
    return m.find() ? m.group(1) : null;
  }

  /** The markdown link that sends a button's command back to the robot. */
  public static String commandLink(ChatMessage.Button b) {
    String encoded = URLEncoder.encode(command(b), StandardCharsets.UTF_8).replace("+", "%20");
    return "[" + b.text() + "](dtmd://dingtalkclient/sendMessage?content=" + encoded + ")";
  }

  private static boolean isLink(ChatMessage.Button b) {
    return b.opensUrl()
        || b.key() != null && (b.key().startsWith("https://") || b.key().startsWith("http://"));
  }

  private static String linkUrl(ChatMessage.Button b) {
    return b.opensUrl() ? b.url() : b.key();
  }

  /**
   * Title, text, image, fields and command links as DingTalk markdown (which shows images inline).
   */
  static String markdown(ChatMessage m, boolean withTitle) {
    StringBuilder md = new StringBuilder(content(m, withTitle));
    List<String> commands =
        m.buttons().stream().filter(b -> !isLink(b)).map(DingTalkRenderer::commandLink).toList();
    if (!commands.isEmpty()) {
      md.append("\n\n").append(String.join("　|　", commands));
    }
    return md.toString().strip();
  }

  /** Title, text and fields as DingTalk markdown, without buttons. */
  private static String content(ChatMessage m, boolean withTitle) {
    StringBuilder md = new StringBuilder();
    if (withTitle && m.title() != null) {
      md.append("#### ").append(m.title()).append("\n\n");
    }
    if (m.markdown() != null) {
      md.append(m.markdown()).append("\n\n");
    }
    if (m.imageUrl() != null) {
      md.append("![").append(IMAGE_ALT).append("](").append(m.imageUrl()).append(")\n\n");
    }
    m.fields()
        .forEach(
            f -> md.append("- ").append(f.label()).append("：**").append(f.value()).append("**\n"));
    return md.toString().strip();
  }

  /** Whether a message has a button that must call us back (not one that only opens a page). */
  public static boolean hasCallbackButtons(ChatMessage m) {
    return m.buttons().stream().anyMatch(b -> !isLink(b));
  }

  /**
   * The {@code cardParamMap} of an interactive card: {@code title}, {@code markdown} (text and
   * fields), {@code buttons} — a JSON string list of {@code {"text","key"}} for buttons that call
   * back and {@code {"text","url"}} for pages, the mini-app last — and an empty {@code status}.
   * DingTalk wants every value as a string.
   */
  public static JsonObject cardParams(ChatMessage m, String miniAppUrl) {
    JsonArray buttons = new JsonArray();
    m.buttons().stream()
        .filter(b -> !isLink(b))
        .forEach(b -> buttons.add(new JsonObject().put("text", b.text()).put("key", b.key())));
    linkButtons(m, miniAppUrl)
        .forEach(l -> buttons.add(new JsonObject().put("text", l[0]).put("url", l[1])));
    return new JsonObject()
        .put("title", title(m))
        .put("markdown", content(m, false))
        .put("buttons", buttons.encode())
        .put("status", "");
  }

  /**
   * The params that turn a handled card into its outcome: the buttons give way to one plain label.
   */
  public static JsonObject cardOutcome(String label) {
    return new JsonObject()
        .put("buttons", new JsonArray().add(new JsonObject().put("text", label)).encode())
        .put("status", label);
  }

  private static String title(ChatMessage m) {
    if (m.title() != null) {
      return m.title();
    }
    String t =
        m.markdown() == null
            ? "Chat CRM"
            : m.markdown().strip().lines().findFirst().orElse("Chat CRM");
    return t.length() > 20 ? t.substring(0, 20) + "…" : t;
  }

  /** The buttons that open a page: link buttons, then the mini-app when configured. */
  private static List<String[]> linkButtons(ChatMessage m, String miniAppUrl) {
    List<String[]> links = new ArrayList<>();
    m.buttons().stream()
        .filter(DingTalkRenderer::isLink)
        .forEach(b -> links.add(new String[] {b.text(), linkUrl(b)}));
    // a message that opens the app itself (a 离职交接 card) is not given a second such button
    if (miniAppUrl != null
        && !miniAppUrl.isBlank()
        && !m.isPlainText()
        && links.stream().noneMatch(l -> OPEN_APP.equals(l[0]))) {
      links.add(new String[] {OPEN_APP, miniAppUrl});
    }
    return links.size() > 5 ? links.subList(0, 5) : links;
  }

  /**
   * The robot webhook body (session webhook or custom group robot). Mentions go both into {@code
   * at.atUserIds} and as {@code @userId} into the text, as DingTalk requires; an ActionCard cannot
   * mention, so a message with mentions stays markdown with its links inline.
   */
  public static JsonObject webhook(ChatMessage m, List<String> atUserIds, String miniAppUrl) {
    String mentions =
        atUserIds.isEmpty()
            ? ""
            : " " + String.join(" ", atUserIds.stream().map(u -> "@" + u).toList());
    JsonObject at =
        new JsonObject().put("atUserIds", new JsonArray(atUserIds)).put("isAtAll", false);
    if (m.isPlainText()) {
      return new JsonObject()
          .put("msgtype", "text")
          .put(
              "text",
              new JsonObject()
                  .put("content", (m.markdown() == null ? "" : m.markdown()) + mentions))
          .put("at", at);
    }
    List<String[]> links = linkButtons(m, miniAppUrl);
    if (links.isEmpty() || !atUserIds.isEmpty()) {
      StringBuilder md = new StringBuilder(markdown(m, true));
      links.forEach(l -> md.append("\n\n[").append(l[0]).append("](").append(l[1]).append(")"));
      return new JsonObject()
          .put("msgtype", "markdown")
          .put("markdown", new JsonObject().put("title", title(m)).put("text", md + mentions))
          .put("at", at);
    }
    JsonObject card =
        new JsonObject()
            .put("title", title(m))
            .put("text", markdown(m, true))
            .put("btnOrientation", "0");
    if (links.size() == 1) {
      card.put("singleTitle", links.get(0)[0]).put("singleURL", links.get(0)[1]);
    } else {
      JsonArray btns = new JsonArray();
      links.forEach(l -> btns.add(new JsonObject().put("title", l[0]).put("actionURL", l[1])));
      card.put("btns", btns);
    }
    return new JsonObject().put("msgtype", "actionCard").put("actionCard", card);
  }

  /**
   * The OpenAPI robot message: {@code msgKey} and {@code msgParam} (a JSON string). sampleText,
   * sampleMarkdown, sampleActionCard (one page button) or sampleActionCard2..5 (2–5 buttons).
   */
  public static JsonObject openApi(ChatMessage m, String miniAppUrl) {
    if (m.isPlainText()) {
      return msg(
          "sampleText", new JsonObject().put("content", m.markdown() == null ? "" : m.markdown()));
    }
    List<String[]> links = linkButtons(m, miniAppUrl);
    if (links.isEmpty()) {
      return msg(
          "sampleMarkdown", new JsonObject().put("title", title(m)).put("text", markdown(m, true)));
    }
    JsonObject p = new JsonObject().put("title", title(m)).put("text", markdown(m, true));
    if (links.size() == 1) {
      return msg(
          "sampleActionCard",
          p.put("singleTitle", links.get(0)[0]).put("singleURL", links.get(0)[1]));
    }
    for (int i = 0; i < links.size(); i++) {
      p.put("actionTitle" + (i + 1), links.get(i)[0]).put("actionURL" + (i + 1), links.get(i)[1]);
    }
    return msg("sampleActionCard" + links.size(), p);
  }

  private static JsonObject msg(String key, JsonObject param) {
    return new JsonObject().put("msgKey", key).put("msgParam", param.encode());
  }

  /** The {@code msg} of a work notification: text, markdown or action_card. */
  public static JsonObject workNotice(ChatMessage m, String miniAppUrl) {
    if (m.isPlainText()) {
      return new JsonObject()
          .put("msgtype", "text")
          .put("text", new JsonObject().put("content", m.markdown() == null ? "" : m.markdown()));
    }
    List<String[]> links = linkButtons(m, miniAppUrl);
    if (links.isEmpty()) {
      return new JsonObject()
          .put("msgtype", "markdown")
          .put("markdown", new JsonObject().put("title", title(m)).put("text", markdown(m, true)));
    }
    JsonObject card = new JsonObject().put("title", title(m)).put("markdown", markdown(m, true));
    if (links.size() == 1) {
      card.put("single_title", links.get(0)[0]).put("single_url", links.get(0)[1]);
    } else {
      JsonArray btns = new JsonArray();
      links.forEach(l -> btns.add(new JsonObject().put("title", l[0]).put("action_url", l[1])));
      card.put("btn_orientation", "0").put("btn_json_list", btns);
    }
    return new JsonObject().put("msgtype", "action_card").put("action_card", card);
  }
}
