package com.chatcrm.gateway.dingtalk;

import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * DingTalk interactive cards (platforms.md §3.8) for a tenant that configured a card template: a
 * message with buttons is created and delivered as one card instance ({@code createAndDeliver}),
 * whose button clicks come back as card callbacks, and a handled click updates the card ({@code PUT
 * /v1.0/card/instances}) to show what was done. The card is known by our {@code outTrackId};
 * DingTalk dedupes by it, so a retried delivery of the same outbox row never makes a second card.
 */
public final class DingTalkCards {

  public static final String CREATE_AND_DELIVER = "/v1.0/card/instances/createAndDeliver";
  public static final String UPDATE = "/v1.0/card/instances";
  private static final String TRACK_PREFIX = "crm-";

  private DingTalkCards() {}

  /** The outTrackId of the card an outbox row becomes: the tenant and the row id. */
  public static String outTrackId(long tenantId, long outboxId) {
    return TRACK_PREFIX + tenantId + "-" + outboxId;
  }

  /**
   * An outTrackId for a message sent past the outbox (nothing to retry it, so nothing to derive it
   * from).
   */
  public static String unqueuedTrackId(long tenantId) {
    return TRACK_PREFIX + tenantId + "-u" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Whether an outTrackId can be one of this tenant's cards: a signed callback authenticates only
   * its timestamp, so a replayed body must not reach another tenant's cards.
   */
  public static boolean belongsTo(String outTrackId, long tenantId) {
    return outTrackId != null && outTrackId.startsWith(TRACK_PREFIX + tenantId + "-");
  }

  /** The open space of a one-to-one robot chat. */
  public static String robotSpace(String userId) {
    return "dtv1.card//IM_ROBOT." + userId;
  }

  /** The open space of a group the robot is in. */
  public static String groupSpace(String openConversationId) {
    return "dtv1.card//IM_GROUP." + openConversationId;
  }

  /**
   * Creates the card and delivers it into the robot's chat with one user; answers the outTrackId.
   */
  public static Future<String> toUser(
      DingTalkApi api, String outTrackId, String userId, ChatMessage message) {
    JsonObject body =
        base(api.app(), outTrackId, message)
            .put("openSpaceId", robotSpace(userId))
            .put("imRobotOpenSpaceModel", new JsonObject().put("supportForward", true))
            .put(
                "imRobotOpenDeliverModel",
                new JsonObject().put("spaceType", "IM_ROBOT").put("robotCode", api.app().robot()));
    return deliver(api, body);
  }

  /** Creates the card and delivers it into a group conversation; answers the outTrackId. */
  public static Future<String> toGroup(
      DingTalkApi api, String outTrackId, String openConversationId, ChatMessage message) {
    JsonObject body =
        base(api.app(), outTrackId, message)
            .put("openSpaceId", groupSpace(openConversationId))
            .put("imGroupOpenSpaceModel", new JsonObject().put("supportForward", true))
            .put("imGroupOpenDeliverModel", new JsonObject().put("robotCode", api.app().robot()));
    return deliver(api, body);
  }

  /** Shows a handled click's outcome on its card; the other card data stays as it was. */
  public static Future<Void> showOutcome(DingTalkApi api, String outTrackId, String label) {
    JsonObject body =
        new JsonObject()
            .put("outTrackId", outTrackId)
            .put(
                "cardData",
                new JsonObject().put("cardParamMap", DingTalkRenderer.cardOutcome(label)))
            .put("cardUpdateOptions", new JsonObject().put("updateCardDataByKey", true));
    return api.put(UPDATE, body)
        .compose(
            answer ->
                answer.getBoolean("success", true)
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        new PlatformError(
                            "dingtalk", -400, "card update refused: " + answer.encode())));
  }

  private static JsonObject base(DingTalkApp app, String outTrackId, ChatMessage message) {
    JsonObject body =
        new JsonObject()
            .put("cardTemplateId", app.cardTemplateId())
            .put("outTrackId", outTrackId)
            .put(
                "cardData",
                new JsonObject()
                    .put("cardParamMap", DingTalkRenderer.cardParams(message, app.miniAppHome())))
            .put("callbackType", app.cardCallbackType());
    if (!app.stream()) {
      body.put("callbackRouteKey", app.cardRoute());
    }
    return body;
  }

  private static Future<String> deliver(DingTalkApi api, JsonObject body) {
    String outTrackId = body.getString("outTrackId");
    return api.post(CREATE_AND_DELIVER, body)
        .compose(
            answer -> {
              JsonObject result = answer.getJsonObject("result", new JsonObject());
              JsonArray delivered = result.getJsonArray("deliverResults", new JsonArray());
              for (Object o : delivered) {
                if (o instanceof JsonObject d && !d.getBoolean("success", true)) {
                  // created but not delivered (the user cannot chat with the robot, say): retrying
                  // will not help
                  return Future.failedFuture(
                      new PlatformError(
                          "dingtalk",
                          -400,
                          "card " + outTrackId + " not delivered: " + d.getString("errorMsg", ""),
                          true));
                }
              }
              return Future.succeededFuture(outTrackId);
            });
  }
}
