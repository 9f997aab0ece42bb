package com.chatcrm.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages a node's WeCom sandbox accepted, read page by page from {@code
 * /sandbox/wecom/_calls}: who got each, when, and which reminders it stands for (a card's {@code
 * reminder.done:<id>} button, or the ids a digest's 查看全部 link or key carries).
 */
final class SandboxDeliveries {

  /** One message the sandbox accepted. */
  record Delivery(Instant at, String toUser, List<Long> reminderIds) {

    boolean digest() {
      return reminderIds.size() > 1;
    }
  }

  private static final Pattern CARD = Pattern.compile("reminder\\.done:(\\d+)");
  private static final Pattern DIGEST = Pattern.compile("reminders[=:]([0-9,]+)");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String callsUrl;

  /**
   * The sandbox numbers a call before it appends it, on several event-loop threads: a call may land
   * just behind one with a higher number that was already read. Each read goes back this far and
   * skips what it has seen.
   */
  private static final long OVERLAP = 2000;

  private final List<Delivery> deliveries = new ArrayList<>();
  private final Set<Long> seen = new HashSet<>();
  private long lastSeq;
  private int refused;

  SandboxDeliveries(String nodeBaseUrl) {
    this.callsUrl = nodeBaseUrl + "/sandbox/wecom/_calls?after=";
  }

  /** Reads the calls recorded since the last read. */
  void poll() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(callsUrl + Math.max(0, lastSeq - OVERLAP)))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("sandbox calls: HTTP " + r.statusCode());
    }
    for (Object o : new JsonObject(r.body()).getJsonArray("calls", new JsonArray())) {
      JsonObject call = (JsonObject) o;
      if (!seen.add(call.getLong("seq"))) {
        continue;
      }
      lastSeq = Math.max(lastSeq, call.getLong("seq"));
      if (!"/cgi-bin/message/send".equals(call.getString("path"))) {
        continue;
      }
      JsonObject answer = call.getJsonObject("answer", new JsonObject());
      if (answer.getInteger("errcode", -1) != 0) {
        refused++;
        continue;
      }
      JsonObject body = call.getJsonObject("body", new JsonObject());
      deliveries.add(
          new Delivery(
              Instant.parse(call.getString("at")),
              body.getString("touser"),
              reminderIds(body.encode())));
    }
  }

  static List<Long> reminderIds(String body) {
    List<Long> ids = new ArrayList<>();
    Matcher digest = DIGEST.matcher(body);
    if (digest.find()) {
      for (String id : digest.group(1).split(",")) {
        if (!id.isEmpty()) {
          ids.add(Long.parseLong(id));
        }
      }
      return ids;
    }
    Matcher card = CARD.matcher(body);
    while (card.find()) {
      ids.add(Long.parseLong(card.group(1)));
    }
    return ids;
  }

  List<Delivery> deliveries() {
    return deliveries;
  }

  /** Sends the sandbox answered with an error (e.g. an unknown recipient): not delivered. */
  int refused() {
    return refused;
  }
}
