package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.LogSafe;
import com.chatcrm.gateway.inbound.InboundProcessor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DingTalk Stream mode for one tenant — for companies that cannot expose a public callback URL: we
 * open the connection ({@code POST /v1.0/gateway/connections/open} with the app's key and secret →
 * a WebSocket endpoint and a one-time ticket) and DingTalk pushes robot messages and events down
 * it. After the transport everything is as over HTTP: the same checks and normalisation, recorded
 * in the inbox under the same keys (message id / event id), acknowledged only once recorded —
 * DingTalk redelivers what is not acknowledged within about a minute, and the key makes that
 * harmless.
 *
 * <p>Written on Vert.x's own WebSocket client rather than {@code
 * com.dingtalk.open:dingtalk-stream}: the protocol is a few JSON frames, and this way nothing
 * blocks an event loop and no second Netty version enters the process. Reconnects with backoff
 * whenever the connection ends.
 */
public final class DingTalkStreamClient extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DingTalkStreamClient.class);
  public static final String BOT_TOPIC = "/v1.0/im/bot/messages/get";

  /** Clicks on interactive cards; subscribed only when the tenant configured a card template. */
  public static final String CARD_TOPIC = "/v1.0/card/instances/callback";

  private final DingTalkApp app;
  private final long tenantId;
  private final Inbox inbox;
  private final String apiBase;
  private final Backoff reconnect;
  private WebClient http;
  private WebSocketClient sockets;
  private WebSocket socket;
  private boolean stopping;
  private int failures;
  private DatabaseOutage outage;

  /**
   * @param apiBase {@link DingTalkApi#REAL_API} or the sandbox base (which also serves the stream
   *     gateway)
   * @param reconnect pauses between reconnection attempts (the attempts count is ignored: it never
   *     gives up)
   */
  public DingTalkStreamClient(
      DingTalkApp app, long tenantId, Inbox inbox, String apiBase, Backoff reconnect) {
    this.app = app;
    this.tenantId = tenantId;
    this.inbox = inbox;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.reconnect = reconnect;
  }

  /**
   * Frames not recorded for want of the database are counted by {@code outage}, not logged each.
   */
  public DingTalkStreamClient reportOutagesTo(DatabaseOutage outage) {
    this.outage = outage;
    return this;
  }

  /** Starts once the first connection is open, or is retrying in the background after a failure. */
  @Override
  public Future<?> start() {
    http = WebClient.create(vertx);
    sockets = vertx.createWebSocketClient();
    return connect()
        .recover(
            e -> {
              retryLater(e);
              return Future.succeededFuture();
            });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> closed = socket == null ? Future.succeededFuture() : socket.close();
    return closed
        .recover(e -> Future.succeededFuture())
        .compose(v -> sockets.close())
        .onComplete(v -> http.close());
  }

  /** Whether a stream connection is open now. */
  public boolean connected() {
    return socket != null && !socket.isClosed();
  }

  private Future<Void> connect() {
    JsonArray subscriptions =
        new JsonArray()
            .add(new JsonObject().put("type", "CALLBACK").put("topic", BOT_TOPIC))
            .add(new JsonObject().put("type", "EVENT").put("topic", "*"));
    if (app.usesCards()) {
      subscriptions.add(new JsonObject().put("type", "CALLBACK").put("topic", CARD_TOPIC));
    }
    JsonObject open =
        new JsonObject()
            .put("clientId", app.appKey())
            .put("clientSecret", app.appSecret())
            .put("subscriptions", subscriptions)
            .put("ua", "chat-crm/vertx")
            .put("localIp", "");
    return http.postAbs(apiBase + "/v1.0/gateway/connections/open")
        .timeout(10_000)
        .sendJsonObject(open)
        .compose(
            r -> {
              if (r.statusCode() != 200) {
                return Future.failedFuture(
                    "connections/open answered HTTP " + r.statusCode() + " " + r.bodyAsString());
              }
              JsonObject answer = r.bodyAsJsonObject();
              String uri =
                  answer.getString("endpoint")
                      + "?ticket="
                      + URLEncoder.encode(answer.getString("ticket", ""), StandardCharsets.UTF_8);
              return sockets.connect(
                  new WebSocketConnectOptions().setAbsoluteURI(uri).setTimeout(10_000));
            })
        .map(
            ws -> {
              socket = ws;
              failures = 0;
              ws.textMessageHandler(this::frame);
              ws.closeHandler(
                  v -> {
                    if (!stopping) {
                      retryLater(new IllegalStateException("stream closed"));
                    }
                  });
              LOG.info("DingTalk stream of tenant {} connected", tenantId);
              return null;
            });
  }

  private void retryLater(Throwable why) {
    if (stopping) {
      return;
    }
    failures++;
    long delay = reconnect.delayMillis(failures);
    LOG.warn(
        "DingTalk stream of tenant {} not connected ({}): again in {} ms",
        tenantId,
        why.getMessage(),
        delay);
    vertx.setTimer(
        delay,
        id -> {
          if (!stopping) {
            connect().onFailure(this::retryLater);
          }
        });
  }

  private void frame(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      LOG.warn("DingTalk stream of tenant {} sent a frame that is not JSON", tenantId);
      return;
    }
    JsonObject headers = frame.getJsonObject("headers", new JsonObject());
    String topic = headers.getString("topic", "");
    String messageId = headers.getString("messageId");
    switch (frame.getString("type", "")) {
      case "SYSTEM" -> {
        if ("disconnect".equals(topic) || "TAG_DISCONNECT".equals(topic)) {
          // DingTalk drops us ~10 s later anyway: close now, the close handler reconnects
          socket.close();
        } else {
          ack(messageId, 200, "OK", frame.getString("data", "{}"));
        }
      }
      case "CALLBACK" -> {
        if (CARD_TOPIC.equals(topic) && app.usesCards()) {
          accept(
              () ->
                  DingTalkCallbackHandler.shaped(
                          () -> DingTalkCardCallback.of(data(frame), app.corpId(), tenantId))
                      .record(inbox, tenantId, "dingtalk-stream"),
              messageId,
              new JsonObject());
          return;
        }
        if (!BOT_TOPIC.equals(topic)) {
          ack(messageId, 404, "not implemented", "{}");
          return;
        }
        accept(
            () -> {
              DingTalkCallbackHandler.RobotMessage m =
                  DingTalkCallbackHandler.shaped(
                      () -> DingTalkCallbackHandler.RobotMessage.of(data(frame), app.corpId()));
              return m.record(inbox, tenantId, "dingtalk-stream");
            },
            messageId,
            new JsonObject().put("response", new JsonObject()));
      }
      case "EVENT" ->
          accept(
              () -> {
                String corp = headers.getString("eventCorpId");
                if (corp != null && !corp.equals(app.corpId())) {
                  throw new CallbackRejected("wrong_receiver", "event of corp " + corp);
                }
                JsonObject event =
                    DingTalkCallbackHandler.shaped(() -> normalise(headers, data(frame)));
                String key =
                    DingTalkCallbackHandler.shaped(() -> DingTalkCallbackHandler.eventKey(event));
                return inbox.accept(
                    Actor.system(tenantId, "dingtalk-stream"),
                    "dingtalk",
                    key,
                    event.getValue("EventType") instanceof String type ? type : "",
                    event.getValue("OptStaffId") instanceof String staff ? staff : null,
                    event);
              },
              messageId,
              new JsonObject().put("status", "SUCCESS"));
      default ->
          LOG.debug(
              "DingTalk stream frame of type {} ignored",
              LogSafe.text(String.valueOf(frame.getValue("type"))));
    }
  }

  /**
   * Records, then acknowledges; a refused frame is acknowledged as bad, a failed write not at all.
   */
  private void accept(
      java.util.function.Supplier<Future<Boolean>> record, String messageId, JsonObject ackData) {
    Future<Boolean> recorded;
    try {
      recorded = record.get();
    } catch (RuntimeException e) {
      recorded = Future.failedFuture(e);
    }
    recorded
        .onSuccess(
            isNew -> {
              ack(messageId, 200, "OK", ackData.encode());
              if (isNew) {
                vertx.eventBus().send(InboundProcessor.ADDRESS, app.corpId());
              }
            })
        .onFailure(
            e -> {
              if (e instanceof CallbackRejected rejected) {
                LOG.warn(
                    "DingTalk stream frame of tenant {} refused: {}",
                    tenantId,
                    LogSafe.text(rejected.getMessage()));
                ack(messageId, 400, rejected.code(), "{}");
              } else {
                // not acknowledged: DingTalk redelivers it in about a minute
                if (outage != null && outage.requestFailed(e)) {
                  return;
                }
                LOG.error("DingTalk stream frame of tenant {} not recorded", tenantId, e);
              }
            });
  }

  private static JsonObject data(JsonObject frame) {
    Object data = frame.getValue("data");
    try {
      return data instanceof JsonObject o ? o : new JsonObject(String.valueOf(data));
    } catch (RuntimeException e) {
      throw new CallbackRejected("malformed_body", "stream data is not a JSON object");
    }
  }

  /**
   * Stream events come as headers.eventType/eventId plus lower-camel data: the HTTP push's shape.
   */
  static JsonObject normalise(JsonObject headers, JsonObject data) {
    JsonObject e = data.copy();
    e.put("EventType", headers.getString("eventType", data.getString("EventType", "")));
    e.put("EventId", headers.getString("eventId", data.getString("eventId")));
    e.put("CorpId", headers.getString("eventCorpId", data.getString("CorpId")));
    putIds(e, "UserId", data.getValue("userId", data.getValue("UserId")));
    putIds(e, "DeptId", data.getValue("deptId", data.getValue("DeptId")));
    if (data.getValue("optStaffId") != null) {
      e.put("OptStaffId", String.valueOf(data.getValue("optStaffId")));
    }
    return e;
  }

  private static void putIds(JsonObject e, String key, Object ids) {
    if (ids instanceof JsonArray a) {
      e.put(key, a);
    } else if (ids != null) {
      e.put(key, new JsonArray().add(ids));
    }
  }

  private void ack(String messageId, int code, String message, String data) {
    if (socket == null || socket.isClosed()) {
      return;
    }
    socket.writeTextMessage(
        new JsonObject()
            .put("code", code)
            .put(
                "headers",
                new JsonObject().put("messageId", messageId).put("contentType", "application/json"))
            .put("message", message)
            .put("data", data)
            .encode());
  }
}
