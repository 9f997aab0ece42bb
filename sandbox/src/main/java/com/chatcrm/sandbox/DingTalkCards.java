package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.body;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DingTalk sandbox's interactive cards: created and delivered (once per outTrackId), updated,
 * and kept so tests and the page can look at them.
 */
final class DingTalkCards {

  private final DingTalkDirectory directory;
  private final Map<String, JsonObject> cards = new ConcurrentHashMap<>();

  DingTalkCards(DingTalkDirectory directory) {
    this.directory = directory;
  }

  /**
   * An interactive card as it stands: {@code openSpaceId}, {@code callbackType}, {@code
   * callbackRouteKey} and {@code cardParamMap} after every update; null when no card has this
   * outTrackId.
   */
  JsonObject card(String outTrackId) {
    JsonObject card = cards.get(outTrackId);
    return card == null ? null : card.copy();
  }

  /**
   * Checks what DingTalk checks (template, outTrackId, string-only params, a deliver model that
   * fits the open space, a route key for HTTP callbacks); a repeated outTrackId delivers nothing
   * new.
   */
  DingTalkReply create(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null
        || body.getString("cardTemplateId", "").isBlank()
        || body.getString("outTrackId", "").isBlank()) {
      return DingTalkReply.error(400, "invalidParameter", "cardTemplateId 和 outTrackId 不能为空");
    }
    DingTalkReply badParams = checkCardParams(body);
    if (badParams != null) {
      return badParams;
    }
    String type = body.getString("callbackType", "STREAM");
    if ("HTTP".equals(type) && body.getString("callbackRouteKey", "").isBlank()) {
      return DingTalkReply.error(
          400, "invalidParameter.callbackRouteKey", "HTTP 回调须指定 callbackRouteKey");
    }
    String space = body.getString("openSpaceId", "");
    boolean robot = space.startsWith("dtv1.card//IM_ROBOT.");
    boolean group = space.startsWith("dtv1.card//IM_GROUP.");
    JsonObject deliver =
        body.getJsonObject(robot ? "imRobotOpenDeliverModel" : "imGroupOpenDeliverModel");
    if (!robot && !group
        || deliver == null
        || !corp.robotCode().equals(deliver.getString("robotCode"))
        || robot && !"IM_ROBOT".equals(deliver.getString("spaceType"))) {
      return DingTalkReply.error(400, "invalidParameter.openSpaceId", "openSpaceId 与投放模型不匹配");
    }
    String spaceId = space.substring(space.lastIndexOf('.') + 1);
    String outTrackId = body.getString("outTrackId");
    boolean known = !robot || directory.member(corp.corpId(), spaceId) != null;
    if (known) {
      cards.putIfAbsent(
          outTrackId,
          new JsonObject()
              .put("corpId", corp.corpId())
              .put("openSpaceId", space)
              .put("cardTemplateId", body.getString("cardTemplateId"))
              .put("callbackType", type)
              .put("callbackRouteKey", body.getString("callbackRouteKey"))
              .put(
                  "cardParamMap",
                  body.getJsonObject("cardData").getJsonObject("cardParamMap").copy()));
    }
    JsonObject result =
        new JsonObject()
            .put("spaceType", robot ? "IM_ROBOT" : "IM_GROUP")
            .put("spaceId", spaceId)
            .put("success", known);
    if (known) {
      result.put("carrierId", "carrier-" + outTrackId);
    } else {
      result.put("errorMsg", "staffId.notExisted");
    }
    return DingTalkReply.ok(
        new JsonObject()
            .put("success", true)
            .put(
                "result",
                new JsonObject()
                    .put("outTrackId", outTrackId)
                    .put("deliverResults", new JsonArray().add(result))));
  }

  /** Replaces the given params of a card (all of them unless updateCardDataByKey). */
  DingTalkReply update(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx);
    JsonObject card = body == null ? null : cards.get(body.getString("outTrackId", ""));
    if (card == null || !corp.corpId().equals(card.getString("corpId"))) {
      return DingTalkReply.error(400, "param.outTrackId.notExist", "卡片实例不存在");
    }
    DingTalkReply badParams = checkCardParams(body);
    if (badParams != null) {
      return badParams;
    }
    JsonObject params = body.getJsonObject("cardData").getJsonObject("cardParamMap");
    boolean byKey =
        body.getJsonObject("cardUpdateOptions", new JsonObject())
            .getBoolean("updateCardDataByKey", false);
    synchronized (card) {
      JsonObject updated =
          byKey ? card.getJsonObject("cardParamMap").copy().mergeIn(params) : params.copy();
      card.put("cardParamMap", updated).put("updates", card.getInteger("updates", 0) + 1);
    }
    return DingTalkReply.ok(new JsonObject().put("success", true).put("result", true));
  }

  private static DingTalkReply checkCardParams(JsonObject body) {
    Object data = body.getValue("cardData");
    Object params = data instanceof JsonObject d ? d.getValue("cardParamMap") : null;
    if (!(params instanceof JsonObject map)
        || map.stream().anyMatch(e -> !(e.getValue() instanceof String))) {
      return DingTalkReply.error(
          400, "invalidParameter.cardParamMap", "cardData.cardParamMap 的值必须都是字符串");
    }
    return null;
  }
}
