package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.body;
import static com.chatcrm.sandbox.SandboxJson.randomHex;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The DingTalk sandbox's stand-in for the Stream mode gateway: an app opens a connection with its
 * credentials, and the sandbox pushes robot messages, events and card clicks down it and waits for
 * the client's acks.
 */
public final class DingTalkStream {

  private final Vertx vertx;
  private final Function<String, SandboxDingTalkCorp> corpByAppKey;
  private final Map<String, String> tickets = new ConcurrentHashMap<>();
  private final Map<String, ServerWebSocket> connections = new ConcurrentHashMap<>();
  private final Map<String, Promise<JsonObject>> acks = new ConcurrentHashMap<>();
  private final Map<String, JsonArray> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong opens = new AtomicLong();

  DingTalkStream(Vertx vertx, Function<String, SandboxDingTalkCorp> corpByAppKey) {
    this.vertx = vertx;
    this.corpByAppKey = corpByAppKey;
  }

  /**
   * A click on a card button down the stream, as DingTalk pushes card callbacks to a Stream-mode
   * app — only to one whose connection subscribed to the card topic.
   */
  public Future<JsonObject> cardCallback(String corpId, String messageId, JsonObject callback) {
    String topic = "/v1.0/card/instances/callback";
    if (subscriptions.getOrDefault(corpId, new JsonArray()).stream()
        .noneMatch(o -> o instanceof JsonObject sub && topic.equals(sub.getString("topic")))) {
      return Future.failedFuture("the stream of " + corpId + " did not subscribe to " + topic);
    }
    return push(
        corpId, "CALLBACK", messageId, new JsonObject().put("topic", topic), callback.encode());
  }

  /** Whether a company's app holds a stream connection now. */
  public boolean connected(String corpId) {
    ServerWebSocket ws = connections.get(corpId);
    return ws != null && !ws.isClosed();
  }

  /** How many times a stream connection was opened (connections/open answered). */
  public long opens() {
    return opens.get();
  }

  /**
   * Pushes a frame down a company's stream, as DingTalk does; answers the client's ack frame. Push
   * the same {@code messageId} again to play a redelivery.
   */
  public Future<JsonObject> push(
      String corpId, String type, String messageId, JsonObject headers, String data) {
    ServerWebSocket ws = connections.get(corpId);
    if (ws == null || ws.isClosed()) {
      return Future.failedFuture("no stream connection for " + corpId);
    }
    Promise<JsonObject> ack = Promise.promise();
    acks.put(messageId, ack);
    JsonObject h =
        headers
            .copy()
            .put("messageId", messageId)
            .put("contentType", "application/json")
            .put("time", Long.toString(System.currentTimeMillis()));
    ws.writeTextMessage(
        new JsonObject()
            .put("specVersion", "1.0")
            .put("type", type)
            .put("headers", h)
            .put("data", data)
            .encode());
    return ack.future();
  }

  /** A robot message down the stream (data = the same JSON as the HTTP callback body). */
  public Future<JsonObject> botMessage(String corpId, String messageId, JsonObject message) {
    return push(
        corpId,
        "CALLBACK",
        messageId,
        new JsonObject().put("topic", "/v1.0/im/bot/messages/get"),
        message.encode());
  }

  /**
   * An event down the stream: {@code headers.eventType/eventId/eventCorpId} and lower-camel data.
   */
  public Future<JsonObject> event(
      String corpId, String eventType, String eventId, JsonObject data) {
    return push(
        corpId,
        "EVENT",
        "evt-msg-" + eventId,
        new JsonObject()
            .put("topic", "*")
            .put("eventType", eventType)
            .put("eventId", eventId)
            .put("eventCorpId", corpId)
            .put("eventBornTime", Long.toString(System.currentTimeMillis())),
        data.encode());
  }

  /** The gateway tells the client it will drop the connection (the client should reconnect). */
  public void disconnect(String corpId) {
    ServerWebSocket ws = connections.get(corpId);
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(
          new JsonObject()
              .put("specVersion", "1.0")
              .put("type", "SYSTEM")
              .put(
                  "headers",
                  new JsonObject().put("topic", "disconnect").put("messageId", randomHex(8)))
              .put("data", "{\"reason\":\"sandbox\"}")
              .encode());
      vertx.setTimer(
          500,
          id -> {
            if (!ws.isClosed()) {
              ws.close();
            }
          });
    }
  }

  /** {@code GET /gateway/stream?ticket=}: the WebSocket a ticket from connections/open opens. */
  void openStream(RoutingContext ctx) {
    String corpId = tickets.remove(String.valueOf(ctx.request().getParam("ticket")));
    if (corpId == null) {
      ctx.response().setStatusCode(401).end("invalid ticket");
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              ServerWebSocket previous = connections.put(corpId, ws);
              if (previous != null && !previous.isClosed()) {
                previous.close();
              }
              ws.textMessageHandler(
                  text -> {
                    JsonObject ack = new JsonObject(text);
                    String id =
                        ack.getJsonObject("headers", new JsonObject()).getString("messageId");
                    Promise<JsonObject> waiting = id == null ? null : acks.remove(id);
                    if (waiting != null) {
                      waiting.complete(ack);
                    }
                  });
            });
  }

  /** {@code POST /v1.0/gateway/connections/open}: a ticket for the stream, and its endpoint. */
  DingTalkReply connectionsOpen(RoutingContext ctx) {
    JsonObject body = body(ctx);
    SandboxDingTalkCorp corp = body == null ? null : corpByAppKey.apply(body.getString("clientId"));
    if (corp == null || !corp.appSecret().equals(body.getString("clientSecret"))) {
      return DingTalkReply.error(401, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
    }
    String ticket = randomHex(16);
    tickets.put(ticket, corp.corpId());
    subscriptions.put(corp.corpId(), body.getJsonArray("subscriptions", new JsonArray()).copy());
    opens.incrementAndGet();
    String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint().replaceAll("/$", "");
    return DingTalkReply.ok(
        new JsonObject()
            .put("endpoint", "ws://" + ctx.request().authority() + mount + "/gateway/stream")
            .put("ticket", ticket));
  }
}
