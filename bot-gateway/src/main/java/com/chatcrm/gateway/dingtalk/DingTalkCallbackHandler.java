package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.inbox.StorableText;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.gateway.CallbackInput;
import com.chatcrm.gateway.CallbackRefusals;
import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.ReplayWindow;
import com.chatcrm.gateway.inbound.InboundProcessor;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DingTalk's two HTTP callbacks for a company, both answered within DingTalk's deadline because the
 * work happens later from the inbox:
 *
 * <ul>
 *   <li>{@code POST /callback/dingtalk/{corpId}/robot} — robot messages. The {@code timestamp} and
 *       {@code sign} headers are checked against the app secret (at most an hour off), the JSON is
 *       recorded with the message id as its unique key, and the answer is {@code
 *       {"msgtype":"empty"}} (no synchronous reply; the reply goes out through the session webhook
 *       or the OpenAPI).
 *   <li>{@code POST /callback/dingtalk/{corpId}/events} — event subscription: signature over token,
 *       timestamp, nonce and ciphertext, AES-decrypted, {@code check_url} answered, org events
 *       recorded (event id unique), and every accepted request answered with the encrypted {@code
 *       success}.
 *   <li>{@code POST /callback/dingtalk/{corpId}/card} — clicks on our interactive cards (the URL to
 *       register for the card callback route key). Signed like robot callbacks, recorded with card,
 *       user and button as the key, answered {@code {}}: the card shows the outcome once the click
 *       is handled.
 * </ul>
 *
 * Anything forged, stale, malformed or for an unknown company gets a 4xx and writes nothing.
 * Replays: event pushes (signed over timestamp and body) are accepted within {@link
 * ReplayWindow#SIGNED_PUSH} (5 minutes; DingTalk retries after 10 and 30 s). Robot and card
 * callbacks keep DingTalk's documented hour, but their signature covers only the timestamp, so a
 * signature is bound to the message ids (card, user and button for clicks) it came with: beyond
 * {@link CallbackSignatures#MESSAGES_PER_SIGNATURE} of them (genuine messages signed in the same
 * millisecond share one) another message is refused as {@code replayed_signature}; the same message
 * again is a re-delivery, answered and stored once.
 */
public final class DingTalkCallbackHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DingTalkCallbackHandler.class);

  /** Real callbacks are a few KB. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  /**
   * How far the clocks of two of our nodes may differ: a robot signature is remembered this much
   * longer.
   */
  private static final Duration NODE_SKEW = Duration.ofMinutes(10);

  private final DingTalkTenants tenants;
  private final Inbox inbox;
  private final CallbackSignatures signatures;
  private final EventBus eventBus;
  private final Clock clock;
  private final CallbackRefusals refusals;

  /**
   * @param signatures where robot and card signatures are bound to the first messages they carried
   * @param clock what callback timestamps are checked against
   * @param outage counts callbacks refused for want of the database and logs the outage once
   */
  public DingTalkCallbackHandler(
      DingTalkTenants tenants,
      Inbox inbox,
      CallbackSignatures signatures,
      EventBus eventBus,
      Clock clock,
      DatabaseOutage outage) {
    this.tenants = tenants;
    this.inbox = inbox;
    this.signatures = signatures;
    this.eventBus = eventBus;
    this.clock = clock;
    this.refusals = new CallbackRefusals(LOG, "DingTalk", outage);
  }

  public void mount(Router router) {
    CallbackInput.guardQuery(router, "/callback/dingtalk/");
    router
        .post("/callback/dingtalk/:corpId/robot")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::robot);
    router
        .post("/callback/dingtalk/:corpId/events")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::events);
    router
        .post("/callback/dingtalk/:corpId/card")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::card);
  }

  private void robot(RoutingContext ctx) {
    signed(
        ctx,
        (t, body) -> {
          RobotMessage m = RobotMessage.of(body, t.app().corpId());
          return new Signed(m.key(), () -> m.record(inbox, t.tenant().id(), "dingtalk-robot"));
        },
        new JsonObject().put("msgtype", "empty"));
  }

  private void card(RoutingContext ctx) {
    // card-callback signing is unconfirmed in platforms.md (§3.8, §6): we check the robot scheme
    // with the app secret
    signed(
        ctx,
        (t, body) -> {
          DingTalkCardCallback click =
              DingTalkCardCallback.of(body, t.app().corpId(), t.tenant().id());
          return new Signed(
              click.key(), () -> click.record(inbox, t.tenant().id(), "dingtalk-card"));
        },
        new JsonObject());
  }

  /**
   * A signed callback's inbox key, and how to record it once its signature is known not to be
   * replayed.
   */
  private record Signed(String key, Supplier<Future<Boolean>> record) {}

  /**
   * A callback signed with the app secret in its {@code timestamp}/{@code sign} headers: checked,
   * its JSON body read, the signature bound to the body's key (the same signature with another key
   * is a replay: the signature does not cover the body), recorded, then answered with {@code
   * reply}.
   */
  private void signed(
      RoutingContext ctx,
      BiFunction<DingTalkTenants.Entry, JsonObject, Signed> read,
      JsonObject reply) {
    String corpId = ctx.pathParam("corpId");
    if (refusals.refusedCorpId(ctx, corpId)) {
      return;
    }
    String timestamp = ctx.request().getHeader("timestamp");
    String sign = ctx.request().getHeader("sign");
    tenants
        .byCorpId(corpId)
        .compose(
            t -> {
              long signedAt =
                  DingTalkRobotSign.verify(timestamp, sign, t.app().appSecret(), clock.millis());
              Signed message = shaped(() -> read.apply(t, json(ctx)));
              // kept until the timestamp is refused anyway, with room for clocks that differ
              // between our nodes
              Instant expires =
                  Instant.ofEpochMilli(signedAt).plus(DingTalkRobotSign.MAX_SKEW).plus(NODE_SKEW);
              return signatures
                  .bind(
                      t.tenant().id(),
                      signedAt,
                      sign.strip(),
                      StorableText.clean(message.key()),
                      expires)
                  .compose(
                      first ->
                          first
                              ? message.record().get()
                              : Future.failedFuture(
                                  new CallbackRejected(
                                      "replayed_signature",
                                      "this timestamp and sign already came with another message")));
            })
        .onSuccess(
            isNew -> {
              ctx.response()
                  .setStatusCode(200)
                  .putHeader("content-type", "application/json")
                  .end(reply.encode());
              nudge(isNew, corpId);
            })
        .onFailure(e -> refusals.refuse(ctx, corpId, e));
  }

  private void events(RoutingContext ctx) {
    String corpId = ctx.pathParam("corpId");
    if (refusals.refusedCorpId(ctx, corpId)) {
      return;
    }
    tenants
        .byCorpId(corpId)
        .compose(
            t -> {
              if (t.crypto() == null) {
                throw new NotFound("event subscription is not configured for " + corpId);
              }
              String signature =
                  CallbackInput.required(param(ctx, "signature", "msg_signature"), "signature");
              String timestamp =
                  CallbackInput.required(param(ctx, "timestamp", "timeStamp"), "timestamp");
              String nonce = CallbackInput.required(param(ctx, "nonce", null), "nonce");
              ReplayWindow.requireMillisOrSeconds(
                  timestamp, ReplayWindow.SIGNED_PUSH, clock.millis());
              String encrypt = json(ctx).getValue("encrypt") instanceof String e ? e : null;
              JsonObject event = parse(t.crypto().open(signature, timestamp, nonce, encrypt));
              if (StorableText.hasUnstorable(event)) {
                // org events carry ids and names, never typed text: a control character is not
                // DingTalk's
                throw new CallbackRejected("malformed_body", "control characters in the event");
              }
              if (!(event.getValue("EventType") instanceof String type) || type.isBlank()) {
                throw new CallbackRejected(
                    "malformed_body", "EventType is missing or not a string");
              }
              Object eventCorp = event.getValue("CorpId");
              if (eventCorp != null && !corpId.equals(eventCorp)) {
                throw new CallbackRejected(
                    "wrong_receiver", "event of another corp sent to " + corpId);
              }
              JsonObject reply = t.crypto().success(Long.toString(clock.millis()), nonce());
              if (type.startsWith("check_")) {
                // check_url (and the suite variants): the handshake wants the encrypted success,
                // nothing more
                return Future.succeededFuture(new Accepted(false, reply));
              }
              String key = shaped(() -> eventKey(event));
              return inbox
                  .accept(
                      Actor.system(t.tenant().id(), "dingtalk-events"),
                      "dingtalk",
                      key,
                      type,
                      event.getValue("OptStaffId") instanceof String staff ? staff : null,
                      event)
                  .map(isNew -> new Accepted(isNew, reply));
            })
        .onSuccess(
            accepted -> {
              ctx.response()
                  .setStatusCode(200)
                  .putHeader("content-type", "application/json")
                  .end(accepted.reply().encode());
              nudge(accepted.isNew(), corpId);
            })
        .onFailure(e -> refusals.refuse(ctx, corpId, e));
  }

  private record Accepted(boolean isNew, JsonObject reply) {}

  private void nudge(boolean isNew, String corpId) {
    if (isNew) {
      eventBus.send(InboundProcessor.ADDRESS, corpId);
    } else {
      LOG.info("DingTalk re-delivered a callback for {}: already recorded, nothing done", corpId);
    }
  }

  /**
   * The event's unique key: its id where DingTalk gives one (Stream mode, some pushes), else what
   * identifies it — type, time and the users or departments it names — so a retry maps to the same
   * row.
   */
  static String eventKey(JsonObject e) {
    String id = e.getString("EventId", e.getString("eventId"));
    if (id != null && !id.isBlank()) {
      return "event:" + id;
    }
    return "event:"
        + e.getString("EventType", "")
        + ":"
        + e.getValue("TimeStamp", "")
        + ":"
        + joined(e.getValue("UserId"))
        + ":"
        + joined(e.getValue("DeptId"));
  }

  private static String joined(Object ids) {
    if (ids instanceof JsonArray a) {
      List<String> s = new ArrayList<>();
      a.forEach(o -> s.add(String.valueOf(o)));
      s.sort(null);
      return String.join(",", s);
    }
    return ids == null ? "" : String.valueOf(ids);
  }

  private static JsonObject json(RoutingContext ctx) {
    return parse(ctx.body() == null ? null : CallbackInput.utf8(ctx.body().buffer()));
  }

  /**
   * What reading a body threw when a field has another JSON type than expected (a number for
   * msgId): a malformed body, not a failure of ours.
   */
  static <T> T shaped(Supplier<T> read) {
    try {
      return read.get();
    } catch (ClassCastException | IllegalStateException | UnsupportedOperationException e) {
      throw new CallbackRejected("malformed_body", "a field of the body has the wrong type");
    }
  }

  private static JsonObject parse(String s) {
    if (s == null || s.isBlank()) {
      throw new CallbackRejected("malformed_body", "empty body");
    }
    try {
      return new JsonObject(s);
    } catch (DecodeException | ClassCastException e) {
      throw new CallbackRejected("malformed_body", "body is not a JSON object");
    }
  }

  private static String param(RoutingContext ctx, String name, String alias) {
    String v = CallbackInput.query(ctx, name);
    return v == null && alias != null ? CallbackInput.query(ctx, alias) : v;
  }

  private static String nonce() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** A robot message, checked and normalised for the inbox. */
  record RobotMessage(String msgId, String kind, String senderStaffId, JsonObject payload) {

    /** Its inbox key: a re-delivery of the same message maps to the same row. */
    String key() {
      return "msg:" + msgId;
    }

    /** Records it in the inbox once; answers whether it was new. */
    Future<Boolean> record(Inbox inbox, long tenantId, String via) {
      return inbox.accept(
          Actor.system(tenantId, via), "dingtalk", key(), kind, senderStaffId, payload);
    }

    /**
     * Fields that say what a message is and whose: DingTalk sends them as strings, so nothing else
     * is read.
     */
    private static final List<String> IDENTITY =
        List.of(
            "msgId",
            "msgtype",
            "senderStaffId",
            "senderId",
            "chatbotCorpId",
            "chatbotUserId",
            "conversationId",
            "conversationType",
            "robotCode");

    static RobotMessage of(JsonObject b, String corpId) {
      for (String field : IDENTITY) {
        // JsonObject.getString would read a number or a boolean as its text
        if (b.getValue(field) != null && !(b.getValue(field) instanceof String)) {
          throw new CallbackRejected("malformed_body", field + " is not a string");
        }
        if (ControlCharacters.found(b.getString(field))) {
          throw new CallbackRejected("malformed_body", field + " holds control characters");
        }
      }
      String msgId = b.getString("msgId");
      if (msgId == null || msgId.isBlank()) {
        throw new CallbackRejected("malformed_body", "msgId is missing");
      }
      if (msgId.length() > 128) {
        throw new CallbackRejected("malformed_body", "msgId is not a message id");
      }
      String botCorp = b.getString("chatbotCorpId");
      if (botCorp != null && !botCorp.isEmpty() && !botCorp.equals(corpId)) {
        throw new CallbackRejected(
            "wrong_receiver", "robot message of another corp sent to " + corpId);
      }
      String type = b.getString("msgtype", "text");
      String text = null;
      if (b.getValue("text") instanceof JsonObject t) {
        text = t.getString("content");
      }
      if (text == null && b.getValue("content") instanceof String c) {
        // the current HTTP-mode doc example puts text at the top level
        text = c;
      }
      if (ControlCharacters.found(text)) {
        // no DingTalk client can type a NUL or an escape: such a text was not written by a person
        // in DingTalk
        throw new CallbackRejected("malformed_body", "control characters in the text");
      }
      String bot = b.getString("chatbotUserId", "");
      JsonArray mentioned = new JsonArray();
      if (b.getValue("atUsers") instanceof JsonArray at) {
        at.forEach(
            o -> {
              if (o instanceof JsonObject u
                  && !bot.equals(u.getString("dingtalkId"))
                  && u.getString("staffId") != null
                  && !u.getString("staffId").isBlank()
                  && !mentioned.contains(u.getString("staffId"))) {
                mentioned.add(u.getString("staffId"));
              }
            });
      }
      String staffId = blankToNull(b.getString("senderStaffId"));
      JsonObject payload =
          new JsonObject()
              .put("msgId", msgId)
              .put("msgtype", type)
              .put("text", text == null ? null : text.strip())
              .put("conversationType", String.valueOf(b.getValue("conversationType", "1")))
              .put("conversationId", b.getString("conversationId"))
              .put("conversationTitle", b.getString("conversationTitle"))
              .put("senderStaffId", staffId)
              .put("senderNick", b.getString("senderNick"))
              .put("mentionedStaffIds", mentioned)
              .put("sessionWebhook", b.getString("sessionWebhook"))
              .put(
                  "sessionWebhookExpiredTime",
                  b.getValue("sessionWebhookExpiredTime") instanceof Number n ? n.longValue() : 0L)
              .put("createAt", b.getValue("createAt"))
              .put("isAdmin", b.getValue("isAdmin"));
      return new RobotMessage(msgId, type, staffId, payload);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
