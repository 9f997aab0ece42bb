package com.chatcrm.server.journey;

import com.chatcrm.engine.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a person (or their chat client) does with the running service, over its public HTTP only:
 * the sandbox chat page's API (say, click, read the bot's messages), the mini-app API after the
 * sandbox's dev login, and /health and /metrics.
 */
public final class JourneyClient {

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  JourneyClient(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** A member's chat with the bot on one platform. */
  public Chat chat(String platform, String corpId, String userId) {
    return new Chat(platform, corpId, userId, false);
  }

  /**
   * A member's chat read from the service's start: also what was pushed before the chat was opened.
   */
  public Chat chatFromStart(String platform, String corpId, String userId) {
    return new Chat(platform, corpId, userId, true);
  }

  /** A member's mini-app session (the sandbox's dev login stands in for the platform's 免登). */
  public MiniApp miniApp(String platform, String corpId, String userId) {
    Response r =
        send(
            "POST",
            "/api/dev-login",
            new JsonObject().put("platform", platform).put("corpId", corpId).put("userId", userId),
            null);
    if (r.status() != 200) {
      throw new AssertionError("dev login failed: " + r);
    }
    return new MiniApp(r.json().getString("token"));
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response post(String path, JsonObject body) {
    return send("POST", path, body, null);
  }

  Response send(String method, String path, JsonObject body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("content-type", "application/json")
          .method(
              method, HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** An HTTP answer. */
  public record Response(int status, String body) {

    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /**
   * Polls {@code probe} every 250 ms (each poll is an HTTP call) until it answers something but
   * null.
   */
  public static <T> T eventually(Duration within, String what, Eventually.Probe<T> probe) {
    return Eventually.within(within).every(Duration.ofMillis(250)).as(what).untilPresent(probe);
  }

  /**
   * One member's chat: what they say goes through the platform's signed callback; replies are read
   * back.
   */
  public final class Chat {

    private final String platform;
    private final String corpId;
    private final String userId;
    private int after;
    private final List<JsonObject> seen = new ArrayList<>();

    Chat(String platform, String corpId, String userId, boolean fromStart) {
      this.platform = platform;
      this.corpId = corpId;
      this.userId = userId;
      this.after = fromStart ? 0 : latestSeq();
    }

    public String platform() {
      return platform;
    }

    /** Types a line, as on the sandbox chat page. */
    public Chat say(String text) {
      Response r =
          post(
              "/sandbox/api/say",
              new JsonObject()
                  .put("platform", platform)
                  .put("corpId", corpId)
                  .put("userId", userId)
                  .put("text", text));
      if (r.status() != 200) {
        throw new AssertionError("say «" + text + "» answered " + r);
      }
      return this;
    }

    /** Says a line and waits for the bot's next message to this member. */
    public BotMessage ask(String text) {
      say(text);
      return next(Duration.ofSeconds(20));
    }

    /** The bot's next message to this member (anything new since the last one read). */
    public BotMessage next(Duration within) {
      return waitFor(within, "a message from the bot to " + userId, m -> true);
    }

    /**
     * Waits for a message from the bot to this member that matches; earlier unmatched ones are
     * skipped.
     */
    public BotMessage waitFor(Duration within, String what, Predicate<BotMessage> matches) {
      return eventually(
          within,
          what + " (" + platform + ")",
          () -> {
            for (JsonObject m : poll()) {
              BotMessage b = new BotMessage(platform, m);
              if (matches.test(b)) {
                return b;
              }
            }
            return null;
          });
    }

    /** Every bot message to this member that arrived since the chat was opened. */
    public List<BotMessage> all() {
      poll();
      return seen.stream().map(m -> new BotMessage(platform, m)).toList();
    }

    /** Taps a button of a card by its label. */
    public Chat tap(BotMessage card, String label) {
      JsonObject body =
          new JsonObject().put("platform", platform).put("corpId", corpId).put("userId", userId);
      if ("wecom".equals(platform)) {
        body.put("taskId", card.taskId()).put("key", card.buttonKey(label));
      } else {
        body.put("link", card.buttonLink(label));
      }
      Response r = post("/sandbox/api/click", body);
      if (r.status() != 200) {
        throw new AssertionError("tap «" + label + "» answered " + r);
      }
      return this;
    }

    private List<JsonObject> poll() {
      Response r =
          get(
              "/sandbox/api/messages?platform="
                  + platform
                  + "&corpId="
                  + enc(corpId)
                  + "&userId="
                  + enc(userId)
                  + "&after="
                  + after);
      if (r.status() != 200) {
        throw new AssertionError("messages answered " + r);
      }
      JsonObject page = r.json();
      List<JsonObject> fresh = new ArrayList<>();
      JsonArray messages = page.getJsonArray("messages", new JsonArray());
      for (int i = 0; i < messages.size(); i++) {
        JsonObject m = messages.getJsonObject(i);
        if (!"user".equals(m.getString("kind"))) {
          fresh.add(m);
        }
      }
      after = page.getInteger("next", after);
      seen.addAll(fresh);
      return fresh;
    }

    private int latestSeq() {
      Response r =
          get(
              "/sandbox/api/messages?platform="
                  + platform
                  + "&corpId="
                  + enc(corpId)
                  + "&userId="
                  + enc(userId)
                  + "&after=0");
      return r.status() == 200 ? r.json().getInteger("next", 0) : 0;
    }
  }

  /** A member's mini-app session. */
  public final class MiniApp {

    private final String token;

    MiniApp(String token) {
      this.token = token;
    }

    public Response get(String path) {
      return send("GET", "/api" + path, null, token);
    }

    public Response post(String path, JsonObject body) {
      return send("POST", "/api" + path, body, token);
    }

    public Response patch(String path, JsonObject body) {
      return send("PATCH", "/api" + path, body, token);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
