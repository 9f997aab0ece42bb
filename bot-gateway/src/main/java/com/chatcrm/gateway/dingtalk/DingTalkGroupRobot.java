package com.chatcrm.gateway.dingtalk;

import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;

/**
 * Posts to a custom group robot (自定义机器人) — send-only, group-only, and the one way besides a session
 * webhook to @ people by user id, so team reports can name whoever is behind. Signed ("加签"): the
 * webhook URL gets {@code &timestamp=...&sign=...}. Limit: 20 messages a minute per robot.
 */
public final class DingTalkGroupRobot {

  private final WebClient client;
  private final Clock clock;

  public DingTalkGroupRobot(WebClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param webhookUrl the robot's URL, {@code
   *     https://oapi.dingtalk.com/robot/send?access_token=...}
   * @param secret the robot's {@code SEC...} signing secret, or null when it is not signed
   * @param atUserIds user ids to @ (they must be members of the group)
   */
  public Future<Void> send(
      String webhookUrl,
      String secret,
      ChatMessage message,
      List<String> atUserIds,
      String miniAppUrl) {
    String url = webhookUrl;
    if (secret != null && !secret.isBlank()) {
      String timestamp = Long.toString(clock.millis());
      url +=
          (url.contains("?") ? "&" : "?")
              + "timestamp="
              + timestamp
              + "&sign="
              + DingTalkRobotSign.signForUrl(timestamp, secret);
    }
    return client
        .postAbs(url)
        .timeout(10_000)
        .sendJsonObject(DingTalkRenderer.webhook(message, atUserIds, miniAppUrl))
        .compose(
            r -> {
              JsonObject answer;
              try {
                answer = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
              } catch (RuntimeException e) {
                answer = null;
              }
              if (answer == null || answer.getInteger("errcode", -1) != 0) {
                int code = answer == null ? -r.statusCode() : answer.getInteger("errcode", -1);
                // 660026: too many messages per minute (throttled for 10 min) — the only code worth
                // retrying
                return Future.failedFuture(
                    new PlatformError(
                        "dingtalk",
                        code,
                        answer == null ? "HTTP " + r.statusCode() : answer.getString("errmsg"),
                        code != 660026 && code > 0));
              }
              return Future.succeededFuture();
            });
  }
}
