package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.CallbackRejected;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A click on one of our interactive cards, as DingTalk reports it over HTTP or down the stream
 * ({@code {"type":"actionCallback","outTrackId","corpId","userId","content":"{\"cardPrivateData\":
 * {\"actionIds\":[...],\"params\":{...}}}"}}), checked and normalised for the inbox. The button's
 * key is the {@code key} callback parameter our card template sends ({@code reminder.done:42}),
 * else the first action id.
 *
 * @param key the inbox key: card, user and button, so a redelivered click is the same row
 */
public record DingTalkCardCallback(
    String outTrackId, String userId, String buttonKey, String key, JsonObject payload) {

  /** The inbox kind of a card click. */
  public static final String KIND = "card_action";

  /**
   * @throws CallbackRejected when the body is not a card action for this company and tenant
   */
  public static DingTalkCardCallback of(JsonObject b, String corpId, long tenantId) {
    String type = b.getString("type", "actionCallback");
    if (!"actionCallback".equals(type)) {
      throw new CallbackRejected("malformed_body", "card callback of type " + type);
    }
    String corp = b.getString("corpId");
    if (corp != null && !corp.isEmpty() && !corp.equals(corpId)) {
      throw new CallbackRejected(
          "wrong_receiver", "card callback of corp " + corp + " sent to " + corpId);
    }
    String outTrackId = b.getString("outTrackId");
    String userId = b.getString("userId");
    if (outTrackId == null || outTrackId.isBlank() || userId == null || userId.isBlank()) {
      throw new CallbackRejected("malformed_body", "outTrackId and userId are required");
    }
    if (!DingTalkCards.belongsTo(outTrackId, tenantId)) {
      throw new CallbackRejected(
          "wrong_receiver", "card " + outTrackId + " is not one of " + corpId + "'s");
    }
    JsonObject params;
    JsonArray actionIds;
    try {
      JsonObject data =
          content(b.getValue("content")).getJsonObject("cardPrivateData", new JsonObject());
      params = data.getJsonObject("params", new JsonObject());
      actionIds = data.getJsonArray("actionIds", new JsonArray());
    } catch (ClassCastException e) {
      throw new CallbackRejected(
          "malformed_body", "cardPrivateData is not an object with params and actionIds");
    }
    String button =
        params.getValue("key") instanceof String k && !k.isBlank()
            ? k
            : actionIds.isEmpty() ? null : String.valueOf(actionIds.getValue(0));
    if (button == null || button.isBlank()) {
      throw new CallbackRejected("malformed_body", "the card callback names no button");
    }
    JsonObject payload =
        new JsonObject()
            .put("outTrackId", outTrackId)
            .put("userId", userId)
            .put("buttonKey", button)
            .put("params", params)
            .put("actionIds", actionIds);
    return new DingTalkCardCallback(
        outTrackId, userId, button, "card:" + outTrackId + ":" + userId + ":" + button, payload);
  }

  /** Records the click in the inbox; answers whether it is new. */
  public Future<Boolean> record(Inbox inbox, long tenantId, String via) {
    return inbox.accept(Actor.system(tenantId, via), "dingtalk", key, KIND, userId, payload);
  }

  private static JsonObject content(Object content) {
    try {
      if (content instanceof JsonObject o) {
        return o;
      }
      return content == null ? new JsonObject() : new JsonObject(String.valueOf(content));
    } catch (RuntimeException e) {
      throw new CallbackRejected("malformed_body", "card callback content is not a JSON object");
    }
  }
}
