package com.chatcrm.engine.schedule;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notification.Button;
import com.chatcrm.engine.reminder.Reminder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One card for several reminders of one user due at once, when their pace does not allow a card
 * each (WeCom drops what an app sends one member beyond 30 a minute): "你有 N 条跟进提醒到期", the first few
 * with their customer, "还有 N 条", and 查看全部 opening the reminder list in the mini-app.
 */
public final class ReminderDigests {

  /** How many reminders the digest lists line by line; the rest are counted. */
  static final int LISTED = 5;

  /** The button key prefix the gateway turns into a link to the mini-app's reminder list. */
  public static final String LIST_KEY = "detail:reminders:";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final int MAX_TEXT = 30;

  private ReminderDigests() {}

  /**
   * The digest of {@code due} (two or more reminders of one owner), soonest first. The list
   * button's key carries every reminder id, so the page can show exactly these and a reader can
   * tell which it covers.
   */
  public static Notification render(List<Reminder> due, ZoneId zone) {
    List<Reminder> sorted =
        due.stream()
            .sorted(Comparator.comparing(Reminder::dueAt).thenComparing(Reminder::id))
            .toList();
    StringBuilder md = new StringBuilder();
    for (Reminder r : sorted.subList(0, Math.min(LISTED, sorted.size()))) {
      md.append("· ").append(TIME.format(r.dueAt().atZone(zone))).append(' ');
      if (r.customerName() != null) {
        md.append(r.customerName()).append("：");
      }
      md.append(shorten(r.text())).append('\n');
    }
    if (sorted.size() > LISTED) {
      md.append("还有 ").append(sorted.size() - LISTED).append(" 条");
    }
    String ids = sorted.stream().map(r -> Long.toString(r.id())).collect(Collectors.joining(","));
    List<String> channels = new ArrayList<>();
    sorted.forEach(
        r ->
            r.channels()
                .forEach(
                    c -> {
                      String channel = c.equals("email") ? Notification.EMAIL : Notification.CHAT;
                      if (!channels.contains(channel)) {
                        channels.add(channel);
                      }
                    }));
    return new Notification(
        "⏰ 你有 " + sorted.size() + " 条跟进提醒到期",
        md.toString().strip(),
        List.of(),
        List.of(new Button(LIST_KEY + ids, "查看全部")),
        dedupeKey(sorted),
        channels);
  }

  /**
   * The same firings make the same key: a digest queued again (its node stopped before recording
   * it) is delivered once.
   */
  static String dedupeKey(List<Reminder> sorted) {
    StringBuilder key = new StringBuilder();
    sorted.forEach(r -> key.append(ReminderCards.dedupeKey(r)).append(';'));
    return "reminders:"
        + sorted.get(0).ownerId()
        + ":"
        + sorted.size()
        + ":"
        + HexFormat.of().formatHex(sha256(key.toString()), 0, 12);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shorten(String s) {
    String t = s == null ? "" : s.strip().replace('\n', ' ');
    return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) + "…" : t;
  }
}
