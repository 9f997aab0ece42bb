package com.chatcrm.gateway.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A message to a user in platform-neutral form: a title, markdown text, labelled fields, buttons
 * and an optional image URL. Each platform renders it its own way (WeCom template card, DingTalk
 * action card, plain text), the image included: inline where the platform can show one, else as a
 * link.
 */
public record ChatMessage(
    String title, String markdown, List<Field> fields, List<Button> buttons, String imageUrl) {

  /** A message without an image. */
  public ChatMessage(String title, String markdown, List<Field> fields, List<Button> buttons) {
    this(title, markdown, fields, buttons, null);
  }

  /** A labelled value, e.g. 客户: 华为技术. */
  public record Field(String label, String value) {}

  /**
   * A button whose key comes back in the click callback, e.g. {@code reminder.done:42}; a key
   * {@code open:<url>} makes a button that opens the URL (the mini-app) instead.
   */
  public record Button(String key, String text) {

    public static final String OPEN = "open:";

    public static Button open(String url, String text) {
      return new Button(OPEN + url, text);
    }

    public boolean opensUrl() {
      return key != null && key.startsWith(OPEN);
    }

    public String url() {
      return opensUrl() ? key.substring(OPEN.length()) : null;
    }
  }

  public static ChatMessage text(String text) {
    return new ChatMessage(null, text, List.of(), List.of());
  }

  public boolean isPlainText() {
    return title == null && fields.isEmpty() && buttons.isEmpty() && imageUrl == null;
  }

  public JsonObject toJson() {
    JsonArray f = new JsonArray();
    fields.forEach(x -> f.add(new JsonObject().put("label", x.label()).put("value", x.value())));
    JsonArray b = new JsonArray();
    buttons.forEach(x -> b.add(new JsonObject().put("key", x.key()).put("text", x.text())));
    JsonObject json =
        new JsonObject()
            .put("title", title)
            .put("markdown", markdown)
            .put("fields", f)
            .put("buttons", b);
    return imageUrl == null ? json : json.put("imageUrl", imageUrl);
  }

  public static ChatMessage fromJson(JsonObject json) {
    List<Field> fields =
        json.getJsonArray("fields", new JsonArray()).stream()
            .map(o -> (JsonObject) o)
            .map(o -> new Field(o.getString("label"), o.getString("value")))
            .toList();
    List<Button> buttons =
        json.getJsonArray("buttons", new JsonArray()).stream()
            .map(o -> (JsonObject) o)
            .map(o -> new Button(o.getString("key"), o.getString("text")))
            .toList();
    return new ChatMessage(
        json.getString("title"),
        json.getString("markdown"),
        fields,
        buttons,
        json.getString("imageUrl"));
  }
}
