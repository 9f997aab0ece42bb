package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.CallbackInput;
import com.chatcrm.gateway.CallbackRefusals;
import com.chatcrm.gateway.ReplayWindow;
import com.chatcrm.gateway.inbound.InboundProcessor;
import com.chatcrm.gateway.xml.SafeXml;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeCom's callback URL, {@code /callback/wecom/{corpId}}: GET answers the URL verification, POST
 * checks, decrypts and records the message in the inbox, then answers 200 with an empty body
 * (WeCom's "received, the reply comes later"). The work happens afterwards, so WeCom's 5-second
 * deadline is never at risk. Timestamps more than {@link ReplayWindow#SIGNED_PUSH} (5 minutes) from
 * now are refused: WeCom's retries end within a minute, so a captured callback can be replayed only
 * briefly, and only onto its own inbox key.
 */
public final class WeComCallbackHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WeComCallbackHandler.class);

  /** Real callbacks are a few KB; anything near this is not from WeCom. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  private final WeComTenants tenants;
  private final Inbox inbox;
  private final EventBus eventBus;
  private final Clock clock;
  private final CallbackRefusals refusals;

  /**
   * @param clock what callback timestamps are checked against ({@link ReplayWindow#SIGNED_PUSH})
   * @param outage counts callbacks refused for want of the database and logs the outage once
   */
  public WeComCallbackHandler(
      WeComTenants tenants, Inbox inbox, EventBus eventBus, Clock clock, DatabaseOutage outage) {
    this.tenants = tenants;
    this.inbox = inbox;
    this.eventBus = eventBus;
    this.clock = clock;
    this.refusals = new CallbackRefusals(LOG, "WeCom", outage);
  }

  public void mount(Router router) {
    CallbackInput.guardQuery(router, "/callback/wecom/");
    router.get("/callback/wecom/:corpId").handler(this::verifyUrl);
    router
        .post("/callback/wecom/:corpId")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::receive);
  }

  private void verifyUrl(RoutingContext ctx) {
    String corpId = ctx.pathParam("corpId");
    if (refusals.refusedCorpId(ctx, corpId)) {
      return;
    }
    Future.succeededFuture()
        .compose(
            v -> {
              Signed q = Signed.of(ctx, clock);
              String echostr =
                  CallbackInput.required(CallbackInput.query(ctx, "echostr"), "echostr");
              return tenants
                  .byCorpId(corpId)
                  .map(t -> t.crypto().verifyUrl(q.signature(), q.timestamp(), q.nonce(), echostr));
            })
        .onSuccess(
            plain ->
                ctx.response().putHeader("content-type", "text/plain; charset=utf-8").end(plain))
        .onFailure(e -> refusals.refuse(ctx, corpId, e));
  }

  private void receive(RoutingContext ctx) {
    String corpId = ctx.pathParam("corpId");
    if (refusals.refusedCorpId(ctx, corpId)) {
      return;
    }
    Future.succeededFuture()
        .compose(
            v -> {
              Signed q = Signed.of(ctx, clock);
              String body = CallbackInput.utf8(ctx.body().buffer());
              return tenants
                  .byCorpId(corpId)
                  .map(
                      t ->
                          new Opened(
                              t, t.crypto().open(q.signature(), q.timestamp(), q.nonce(), body)));
            })
        .compose(
            opened -> {
              // XML 1.0 has no NUL or other C0 control characters but tab and line ends: WeCom's
              // XML never carries
              // them, so a plaintext that does was not written by WeCom and the parser refuses it
              String plain = opened.plain();
              Map<String, String> fields = SafeXml.fields(plain);
              Kind kind = Kind.of(fields, opened.tenant().tenant().timeZone());
              JsonObject payload = new JsonObject();
              fields.forEach(payload::put);
              payload.put("xml", plain);
              return inbox.accept(
                  Actor.system(opened.tenant().tenant().id(), "wecom-callback"),
                  "wecom",
                  kind.key(),
                  kind.name(),
                  fields.get("FromUserName"),
                  payload);
            })
        .onSuccess(
            isNew -> {
              // Empty 200: WeCom stops retrying and expects the answer through message/send.
              ctx.response().setStatusCode(200).end();
              if (isNew) {
                eventBus.send(InboundProcessor.ADDRESS, corpId);
              } else {
                LOG.info(
                    "WeCom re-delivered a callback for {}: already recorded, nothing done", corpId);
              }
            })
        .onFailure(e -> refusals.refuse(ctx, corpId, e));
  }

  private record Opened(WeComTenants.Entry tenant, String plain) {}

  /**
   * The signing parameters of the query, all present, the timestamp within {@link
   * ReplayWindow#SIGNED_PUSH} of now: checked before any key is looked up or anything computed.
   */
  private record Signed(String signature, String timestamp, String nonce) {

    static Signed of(RoutingContext ctx, Clock clock) {
      String signature =
          CallbackInput.required(CallbackInput.query(ctx, "msg_signature"), "msg_signature");
      String timestamp = CallbackInput.required(CallbackInput.query(ctx, "timestamp"), "timestamp");
      String nonce = CallbackInput.required(CallbackInput.query(ctx, "nonce"), "nonce");
      ReplayWindow.requireSeconds(timestamp, ReplayWindow.SIGNED_PUSH, clock.millis());
      return new Signed(signature, timestamp, nonce);
    }
  }

  /** What a callback is and its de-duplication key. */
  record Kind(String name, String key) {

    static Kind of(Map<String, String> f, java.time.ZoneId zone) {
      String type = f.getOrDefault("MsgType", "");
      String from = f.getOrDefault("FromUserName", "");
      String created = f.getOrDefault("CreateTime", "");
      if (!"event".equals(type)) {
        String msgId = f.get("MsgId");
        return new Kind(
            type.isEmpty() ? "unknown" : type,
            msgId != null && !msgId.isEmpty() ? "msg:" + msgId : "msg:" + from + ":" + created);
      }
      String event = f.getOrDefault("Event", "");
      if ("enter_agent".equals(event)) {
        // Greeting at most once a day per user: the key is the user and the tenant's calendar day.
        LocalDate day = Instant.ofEpochSecond(parseLong(created)).atZone(zone).toLocalDate();
        return new Kind(event, "enter_agent:" + from + ":" + day);
      }
      return new Kind(
          event.isEmpty() ? "event" : event,
          "event:"
              + from
              + ":"
              + created
              + ":"
              + event
              + ":"
              + f.getOrDefault("EventKey", "")
              + ":"
              + f.getOrDefault("TaskId", "")
              + ":"
              + f.getOrDefault("ChangeType", "")
              + ":"
              + f.getOrDefault("UserID", ""));
    }

    private static long parseLong(String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }
}
