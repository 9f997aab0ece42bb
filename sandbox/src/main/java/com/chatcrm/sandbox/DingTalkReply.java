package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.randomHex;

import io.vertx.core.json.JsonObject;

/** An answer of DingTalk's new API (api.dingtalk.com): HTTP status and JSON body. */
record DingTalkReply(int status, JsonObject body) {

  static DingTalkReply ok(JsonObject body) {
    return new DingTalkReply(200, body);
  }

  static DingTalkReply error(int status, String code, String message) {
    return new DingTalkReply(
        status,
        new JsonObject().put("code", code).put("message", message).put("requestid", randomHex(8)));
  }
}
