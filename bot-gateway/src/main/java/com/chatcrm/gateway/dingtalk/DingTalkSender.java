package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.outbox.OutboundMessage;
import com.chatcrm.gateway.AppClients;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.outbound.ChannelSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox messages on channel {@code dingtalk}, one API client (and its tokens) per app. The
 * recipient says the route:
 *
 * <ul>
 *   <li>{@code userId} — the robot's one-to-one chat (OpenAPI oToMessages/batchSend);
 *   <li>{@code group:<openConversationId>} — a group the robot is in (OpenAPI groupMessages/send);
 *   <li>{@code notice:<userId>[,<userId>...]} — a work notification (工作通知, asyncsend_v2);
 *   <li>{@code reply:...} (built by {@link #replyTo}) — the answer to a robot message: through its
 *       session webhook while that is valid (it alone can @ the asker in a group), else the OpenAPI
 *       send for that chat;
 *   <li>{@code card:<outTrackId>} (built by {@link #card}) — the outcome of a clicked interactive
 *       card, shown on that card.
 * </ul>
 *
 * When the tenant configured an interactive-card template, a message with buttons that call back
 * goes to a user or group as a card ({@link DingTalkCards}) instead — its outTrackId derived from
 * the outbox row — and not through the session webhook, which cannot carry one. Work notifications
 * stay as they are.
 */
public final class DingTalkSender implements ChannelSender {

  private static final Logger LOG = LoggerFactory.getLogger(DingTalkSender.class);

  /** A webhook this close to its expiry is not trusted to still work when the post arrives. */
  private static final long WEBHOOK_MARGIN_MS = 60_000;

  private static final String CARD = "card:";

  private final WebClient client;
  private final String oapiBase;
  private final DingTalkTenants tenants;
  private final Clock clock;
  private final AppClients<DingTalkApp, DingTalkApi> apis;
  private final java.util.function.Function<DingTalkApp, DingTalkApi> checker;

  /**
   * @param apiBase {@link DingTalkApi#REAL_API} or the sandbox base
   * @param oapiBase {@link DingTalkApi#REAL_OAPI} or the sandbox base; session webhooks must live
   *     here
   */
  public DingTalkSender(
      Vertx vertx,
      WebClient client,
      String apiBase,
      String oapiBase,
      DingTalkTenants tenants,
      Backoff backoff,
      Clock clock) {
    this.client = client;
    this.oapiBase =
        oapiBase.endsWith("/") ? oapiBase.substring(0, oapiBase.length() - 1) : oapiBase;
    this.tenants = tenants;
    this.clock = clock;
    this.apis =
        new AppClients<>(
            DingTalkApi::app,
            app -> new DingTalkApi(vertx, client, apiBase, this.oapiBase, app, backoff));
    this.checker = app -> new DingTalkApi(vertx, client, apiBase, this.oapiBase, app, backoff);
  }

  /** Fetches a token for an app not stored yet: whether DingTalk accepts its key and secret. */
  public Future<Void> check(DingTalkApp app) {
    return checker.apply(app).accessToken().mapEmpty();
  }

  public DingTalkTenants tenants() {
    return tenants;
  }

  /** The recipient for the answer to a robot message. */
  public static String replyTo(
      String conversationType,
      String conversationId,
      String staffId,
      long webhookExpiresAt,
      String sessionWebhook) {
    return "reply:"
        + enc(conversationType)
        + ":"
        + enc(conversationId)
        + ":"
        + enc(staffId)
        + ":"
        + webhookExpiresAt
        + ":"
        + nz(sessionWebhook);
  }

  /** Route parts are percent-encoded so that no id can shift the ':'-separated fields. */
  private static String enc(String s) {
    return URLEncoder.encode(nz(s), StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public static String group(String openConversationId) {
    return "group:" + openConversationId;
  }

  /** The recipient that shows a handled click's outcome on the card it came from. */
  public static String card(String outTrackId) {
    return CARD + outTrackId;
  }

  public static String notice(List<String> userIds) {
    return "notice:" + String.join(",", userIds);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The API client of a tenant's app. */
  public Future<DingTalkApi> api(long tenantId) {
    return tenants.byTenantId(tenantId).map(e -> apis.of(e.app().corpId(), e.app()));
  }

  @Override
  public Future<String> send(long tenantId, String recipient, ChatMessage message) {
    return send(tenantId, recipient, message, DingTalkCards.unqueuedTrackId(tenantId));
  }

  @Override
  public Future<String> send(OutboundMessage row, ChatMessage message) {
    return send(
        row.tenantId(),
        row.recipient(),
        message,
        DingTalkCards.outTrackId(row.tenantId(), row.id()));
  }

  /**
   * @param outTrackId the card's id, should the message go out as an interactive card
   */
  private Future<String> send(
      long tenantId, String recipient, ChatMessage message, String outTrackId) {
    return api(tenantId)
        .compose(
            api -> {
              if (recipient.startsWith(CARD)) {
                String card = recipient.substring(CARD.length());
                return DingTalkCards.showOutcome(api, card, message.markdown()).map(card);
              }
              if (recipient.startsWith("notice:")) {
                return workNotice(
                    api, List.of(recipient.substring("notice:".length()).split(",")), message);
              }
              String track =
                  api.app().usesCards() && DingTalkRenderer.hasCallbackButtons(message)
                      ? outTrackId
                      : null;
              if (recipient.startsWith("reply:")) {
                return reply(
                    api, recipient.substring("reply:".length()).split(":", 5), message, track);
              }
              if (recipient.startsWith("group:")) {
                return group(api, recipient.substring("group:".length()), message, track);
              }
              return user(api, recipient, message, track);
            });
  }

  private Future<String> user(
      DingTalkApi api, String userId, ChatMessage message, String outTrackId) {
    return outTrackId == null
        ? toUser(api, userId, message)
        : DingTalkCards.toUser(api, outTrackId, userId, message);
  }

  private Future<String> group(
      DingTalkApi api, String openConversationId, ChatMessage message, String outTrackId) {
    return outTrackId == null
        ? toGroup(api, openConversationId, message)
        : DingTalkCards.toGroup(api, outTrackId, openConversationId, message);
  }

  /** A robot one-to-one message (the user must be able to chat with the robot). */
  public Future<String> toUser(DingTalkApi api, String userId, ChatMessage message) {
    JsonObject body =
        DingTalkRenderer.openApi(message, api.app().miniAppHome())
            .put("robotCode", api.app().robot())
            .put("userIds", new JsonArray().add(userId));
    return api.post("/v1.0/robot/oToMessages/batchSend", body)
        .compose(
            answer -> {
              JsonArray invalid = answer.getJsonArray("invalidStaffIdList", new JsonArray());
              JsonArray throttled =
                  answer.getJsonArray("flowControlledStaffIdList", new JsonArray());
              if (invalid.contains(userId)) {
                return Future.failedFuture(
                    new PlatformError("dingtalk", -400, "staffId.notExisted: " + userId, true));
              }
              if (throttled.contains(userId)) {
                return Future.failedFuture(
                    new PlatformError("dingtalk", -429, "flow controlled: " + userId));
              }
              return Future.succeededFuture(answer.getString("processQueryKey", ""));
            });
  }

  /** A robot message into a group conversation (OpenAPI sends cannot @ anyone). */
  public Future<String> toGroup(DingTalkApi api, String openConversationId, ChatMessage message) {
    JsonObject body =
        DingTalkRenderer.openApi(message, api.app().miniAppHome())
            .put("robotCode", api.app().robot())
            .put("openConversationId", openConversationId);
    return api.post("/v1.0/robot/groupMessages/send", body)
        .map(a -> a.getString("processQueryKey", ""));
  }

  /** A work notification from the app (工作通知) to up to 100 users. */
  public Future<String> workNotice(DingTalkApi api, List<String> userIds, ChatMessage message) {
    JsonObject body =
        new JsonObject()
            .put("agent_id", api.app().agentId())
            .put("userid_list", String.join(",", userIds))
            .put("msg", DingTalkRenderer.workNotice(message, api.app().miniAppHome()));
    return api.topapi("/topapi/message/corpconversation/asyncsend_v2", body)
        .map(a -> String.valueOf(a.getValue("task_id", "")));
  }

  private Future<String> reply(
      DingTalkApi api, String[] route, ChatMessage message, String outTrackId) {
    String type = route.length > 0 ? dec(route[0]) : "";
    String conversationId = route.length > 1 ? dec(route[1]) : "";
    String staffId = route.length > 2 ? dec(route[2]) : "";
    long expires = route.length > 3 ? parseLong(route[3]) : 0;
    String webhook = route.length > 4 ? route[4] : "";
    boolean group = "2".equals(type);
    Future<String> viaOpenApi = null;
    if (outTrackId == null
        && !webhook.isEmpty()
        && expires - WEBHOOK_MARGIN_MS > clock.millis()
        && trusted(webhook)) {
      List<String> at = group && !staffId.isEmpty() ? List.of(staffId) : List.of();
      JsonObject body = DingTalkRenderer.webhook(message, at, api.app().miniAppHome());
      return client
          .postAbs(webhook)
          .timeout(10_000)
          .sendJsonObject(body)
          .compose(
              r -> {
                JsonObject answer = r.statusCode() == 200 ? safeJson(r.bodyAsString()) : null;
                if (answer != null && answer.getInteger("errcode", -1) == 0) {
                  return Future.succeededFuture("session");
                }
                if (answer == null && r.statusCode() >= 500) {
                  // not answered: it may or may not have arrived; the outbox tries again later
                  return Future.failedFuture(
                      new PlatformError(
                          "dingtalk", -r.statusCode(), "session webhook HTTP " + r.statusCode()));
                }
                LOG.info(
                    "DingTalk session webhook refused ({}): replying through the OpenAPI instead",
                    answer == null
                        ? "HTTP " + r.statusCode()
                        : answer.getValue("errcode") + " " + answer.getString("errmsg"));
                return openApiReply(api, group, conversationId, staffId, message, null);
              });
    }
    return openApiReply(api, group, conversationId, staffId, message, outTrackId);
  }

  private Future<String> openApiReply(
      DingTalkApi api,
      boolean group,
      String conversationId,
      String staffId,
      ChatMessage message,
      String outTrackId) {
    if (group) {
      return group(api, conversationId, message, outTrackId);
    }
    if (staffId.isEmpty()) {
      return Future.failedFuture(
          new PlatformError("dingtalk", -400, "no staff id to answer (external member?)", true));
    }
    return user(api, staffId, message, outTrackId);
  }

  /**
   * Only DingTalk's own session webhooks are posted to: a robot callback's signature covers its
   * timestamp, not its body, so a replayed callback could carry any URL — never let it aim our
   * server.
   */
  private boolean trusted(String webhook) {
    boolean ok = webhook.startsWith(oapiBase + "/robot/sendBySession?");
    if (!ok) {
      LOG.warn("DingTalk session webhook outside {} ignored", oapiBase);
    }
    return ok;
  }

  private static JsonObject safeJson(String s) {
    try {
      return s == null ? null : new JsonObject(s);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
