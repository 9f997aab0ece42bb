package com.chatcrm.gateway.testing;

import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCompany;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the DingTalk sandbox recorded of the robot's messages, read the way the tests need it; and
 * the members the chat tests add.
 */
public final class DingTalkReads {

  private DingTalkReads() {}

  /**
   * Adds 李四 (staff04) and 王五 (staff05), reps of 华东销售部 which 赵敏 (manager01) leads, to the sandbox
   * company: the names the chat tests speak of on both platforms.
   */
  public static void addReps(DingTalkSandbox sandbox, SandboxDingTalkCorp corp) {
    sandbox.putMember(
        corp.corpId(),
        new SandboxCompany.Member("staff04", "李四", "13900000004", List.of(10L), false));
    sandbox.putMember(
        corp.corpId(),
        new SandboxCompany.Member("staff05", "王五", "13900000005", List.of(10L), false));
  }

  /** Successful session-webhook posts into one conversation, oldest first. */
  public static List<SandboxCall> webhookPostsTo(DingTalkSandbox sandbox, String conversationId) {
    return sandbox.calls("/robot/sendBySession").stream()
        .filter(c -> isWebhookPostTo(sandbox, c, conversationId))
        .toList();
  }

  public static boolean isWebhookPostTo(
      DingTalkSandbox sandbox, SandboxCall c, String conversationId) {
    return c.path().equals("/robot/sendBySession")
        && Integer.valueOf(0).equals(c.answer().getInteger("errcode"))
        && conversationId.equals(
            sandbox
                .session(c.body().getJsonObject("_query").getString("session"))
                .conversationId());
  }

  /** Successful one-to-one sends through the OpenAPI to {@code user}, oldest first. */
  public static List<SandboxCall> oneToOneTo(DingTalkSandbox sandbox, String user) {
    return sandbox.calls("/v1.0/robot/oToMessages/batchSend").stream()
        .filter(c -> isOneToOneTo(c, user))
        .toList();
  }

  public static boolean isOneToOneTo(SandboxCall c, String user) {
    return c.path().equals("/v1.0/robot/oToMessages/batchSend")
        && c.body().getJsonArray("userIds").contains(user)
        && Integer.valueOf(200).equals(c.answer().getInteger("httpStatus"));
  }

  /** The text of a robot webhook post, whatever its shape. */
  public static String contentOf(SandboxCall webhookPost) {
    JsonObject b = webhookPost.body();
    return switch (b.getString("msgtype")) {
      case "text" -> b.getJsonObject("text").getString("content");
      case "markdown" -> b.getJsonObject("markdown").getString("text");
      case "actionCard" -> b.getJsonObject("actionCard").getString("text");
      default -> b.encode();
    };
  }
}
