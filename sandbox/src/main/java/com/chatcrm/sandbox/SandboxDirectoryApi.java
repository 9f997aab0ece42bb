package com.chatcrm.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * {@code POST /sandbox/api/leave {platform, corpId, userId}}: a member leaves the company in the
 * platform's directory, as an admin deletes one in the WeCom or DingTalk console, and the platform
 * tells us as it would (WeCom {@code change_contact / delete_user}, DingTalk {@code
 * user_leave_org}), through the real, signed and encrypted event callback. What follows (the member
 * deactivated, the 离职交接 card to their manager) is the service's own doing.
 */
final class SandboxDirectoryApi {

  private final WebClient client;
  private final WeComSandbox wecom;
  private final DingTalkSandbox dingtalk;
  private final IntSupplier httpPort;

  SandboxDirectoryApi(
      Vertx vertx, WeComSandbox wecom, DingTalkSandbox dingtalk, IntSupplier httpPort) {
    this.client = WebClient.create(vertx);
    this.wecom = wecom;
    this.dingtalk = dingtalk;
    this.httpPort = httpPort;
  }

  /** Mounted after the chat API, whose body handler covers {@code /sandbox/api/*}. */
  void mount(Router router) {
    router.post("/sandbox/api/leave").handler(this::leave);
  }

  private void leave(RoutingContext ctx) {
    JsonObject body = SandboxJson.body(ctx);
    String platform =
        body == null ? null : body.getValue("platform") instanceof String s ? s : null;
    String corpId = body == null ? null : body.getValue("corpId") instanceof String s ? s : null;
    String userId = body == null ? null : body.getValue("userId") instanceof String s ? s : null;
    PlatformSandbox<?> sandbox =
        "wecom".equals(platform) ? wecom : "dingtalk".equals(platform) ? dingtalk : null;
    if (sandbox == null || corpId == null || sandbox.corp(corpId) == null) {
      answer(ctx, 400, "unknown_company", "沙箱里没有这个企业：" + corpId);
      return;
    }
    if (userId == null
        || sandbox.corp(corpId).members().stream().noneMatch(m -> m.userId().equals(userId))) {
      answer(ctx, 400, "unknown_user", "该企业没有这个成员：" + userId);
      return;
    }
    sandbox.removeMember(corpId, userId);
    String base = "http://127.0.0.1:" + httpPort.getAsInt();
    Future<HttpResponse<Buffer>> told;
    if ("wecom".equals(platform)) {
      SandboxCorp corp = wecom.corp(corpId);
      WeComCallbackSimulator sim = new WeComCallbackSimulator(client, base + "/callback/wecom");
      told =
          sim.post(
              sim.build(
                  corp,
                  "<xml><ToUserName><![CDATA["
                      + corpId
                      + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>"
                      + Instant.now().getEpochSecond()
                      + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                      + "<Event><![CDATA[change_contact]]></Event>"
                      + "<ChangeType><![CDATA[delete_user]]></ChangeType><UserID><![CDATA["
                      + userId
                      + "]]></UserID></xml>"));
    } else {
      SandboxDingTalkCorp corp = dingtalk.corp(corpId);
      DingTalkCallbackSimulator sim =
          new DingTalkCallbackSimulator(
              client, base + "/callback/dingtalk", dingtalk, base + "/sandbox/dingtalk");
      told =
          sim.post(
              sim.event(
                  corp,
                  "user_leave_org",
                  new JsonObject().put("UserId", new JsonArray().add(userId))));
    }
    told.onSuccess(
            r ->
                answer(
                    ctx,
                    r.statusCode() == 200 ? 200 : 502,
                    r.statusCode() == 200 ? "left" : "callback_failed",
                    r.statusCode() == 200
                        ? userId + " 已从通讯录删除，平台已通知服务"
                        : "回调未被接受：HTTP " + r.statusCode()))
        .onFailure(e -> answer(ctx, 502, "callback_failed", "回调未被接受：" + e.getMessage()));
  }

  private static void answer(RoutingContext ctx, int status, String code, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }
}
