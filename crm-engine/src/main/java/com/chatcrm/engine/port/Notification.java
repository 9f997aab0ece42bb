package com.chatcrm.engine.port;

import java.util.List;
import java.util.Objects;

/**
 * A platform-neutral message the engine pushes unasked (a due reminder, a daily report, a pool
 * warning): a title, markdown text, labelled fields and buttons whose keys come back when clicked.
 *
 * @param dedupeKey names the logical message ("reminder:42"): pushed twice, it is delivered once
 * @param channels {@code chat} (the tenant's platform) and/or {@code email}; a user who chose email
 *     gets it by email as well whatever this says
 * @param imageUrl an image to show with the message (e.g. the 日报 chart), fetchable without a
 *     session; null for none. Each platform decides how to show it, so the markdown never carries
 *     it.
 */
public record Notification(
    String title,
    String markdown,
    List<Field> fields,
    List<Button> buttons,
    String dedupeKey,
    List<String> channels,
    String imageUrl) {

  public static final String CHAT = "chat";
  public static final String EMAIL = "email";

  public Notification {
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    fields = fields == null ? List.of() : List.copyOf(fields);
    buttons = buttons == null ? List.of() : List.copyOf(buttons);
    channels = channels == null || channels.isEmpty() ? List.of(CHAT) : List.copyOf(channels);
  }

  /** A notification without an image. */
  public Notification(
      String title,
      String markdown,
      List<Field> fields,
      List<Button> buttons,
      String dedupeKey,
      List<String> channels) {
    this(title, markdown, fields, buttons, dedupeKey, channels, null);
  }

  /** The same notification showing {@code url} as its image. */
  public Notification withImage(String url) {
    return new Notification(title, markdown, fields, buttons, dedupeKey, channels, url);
  }

  /**
   * The same notification under another dedupe key (the scheduler names a report's run), image and
   * all.
   */
  public Notification withDedupeKey(String key) {
    return new Notification(title, markdown, fields, buttons, key, channels, imageUrl);
  }

  /** A chat notification without buttons. */
  public static Notification of(
      String title, String markdown, List<Field> fields, String dedupeKey) {
    return new Notification(title, markdown, fields, List.of(), dedupeKey, List.of(CHAT));
  }

  /** A labelled value, e.g. 客户: 华为技术. */
  public record Field(String label, String value) {}

  /** A button whose key comes back in the click callback, e.g. {@code reminder.done:42}. */
  public record Button(String key, String text) {}
}
