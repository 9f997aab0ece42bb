package com.chatcrm.server.journey;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message the bot sent a member, as the platform stand-in recorded it (WeCom text, markdown,
 * textcard, template_card; DingTalk text, markdown, ActionCard, interactive card), read the way a
 * person reads it: its words, its buttons and its links.
 */
public record BotMessage(String platform, JsonObject raw) {

  private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)\\s]+)\\)");

  /** Every text in the message, decoded, one per line: what the member sees. */
  public String text() {
    List<String> out = new ArrayList<>();
    collect(raw, out);
    return String.join("\n", out);
  }

  public boolean says(String words) {
    return text().contains(words);
  }

  /** The WeCom card's task id (what a click names). */
  public String taskId() {
    JsonObject card = raw.getJsonObject("template_card");
    if (card == null) {
      throw new AssertionError("not a WeCom template card: " + raw.encode());
    }
    return card.getString("task_id");
  }

  /** The callback key of the button labelled {@code label} (WeCom cards). */
  public String buttonKey(String label) {
    JsonObject b = find(raw, label, "key");
    if (b == null) {
      throw new AssertionError("no button «" + label + "» in " + raw.encode());
    }
    return b.getString("key");
  }

  /**
   * The address behind the link or button labelled {@code label}: a DingTalk command link, a page
   * URL.
   */
  public String buttonLink(String label) {
    String link = linkOrNull(label);
    if (link == null) {
      throw new AssertionError("no link «" + label + "» in " + raw.encode());
    }
    return link;
  }

  public String linkOrNull(String label) {
    for (String s : strings(raw)) {
      Matcher m = MD_LINK.matcher(s);
      while (m.find()) {
        if (m.group(1).equals(label)) {
          return m.group(2);
        }
      }
    }
    for (String field : List.of("actionURL", "url", "singleURL")) {
      JsonObject b = find(raw, label, field);
      if (b != null) {
        return b.getString(field);
      }
    }
    return null;
  }

  /** Whether the message has a button (or link) labelled {@code label}, of any kind. */
  public boolean hasButton(String label) {
    return find(raw, label, "key") != null || linkOrNull(label) != null;
  }

  /** Every image the message shows (markdown images and picture fields). */
  public List<String> images() {
    List<String> out = new ArrayList<>();
    Pattern img = Pattern.compile("!\\[[^\\]]*]\\(([^)\\s]+)\\)");
    for (String s : strings(raw)) {
      Matcher m = img.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static JsonObject find(Object node, String label, String field) {
    if (node instanceof JsonObject o) {
      boolean labelled =
          label.equals(o.getValue("text"))
              || label.equals(o.getValue("title"))
              || label.equals(o.getValue("btntxt"));
      if (labelled && o.getValue(field) instanceof String) {
        return o;
      }
      for (String k : o.fieldNames()) {
        JsonObject f = find(o.getValue(k), label, field);
        if (f != null) {
          return f;
        }
      }
    } else if (node instanceof JsonArray a) {
      for (Object v : a) {
        JsonObject f = find(v, label, field);
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }

  private static List<String> strings(Object node) {
    List<String> out = new ArrayList<>();
    collectRaw(node, out);
    return out;
  }

  private static void collectRaw(Object node, List<String> out) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> collectRaw(e.getValue(), out));
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> collectRaw(v, out));
    } else if (node instanceof String s) {
      out.add(s);
    }
  }

  private static void collect(Object node, List<String> out) {
    for (String s : strings(node)) {
      out.add(s.contains("%") ? decodeQuietly(s) : s);
    }
  }

  private static String decodeQuietly(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public String toString() {
    return platform + " " + raw.encode();
  }
}
