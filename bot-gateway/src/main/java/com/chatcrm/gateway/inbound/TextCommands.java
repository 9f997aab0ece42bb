package com.chatcrm.gateway.inbound;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import java.util.List;

/** Turns one line a user typed into the reply; the command language (issue #6) implements it. */
public interface TextCommands {

  /**
   * @param messageKey the platform message id, so that a re-run of the same message changes nothing
   *     twice
   */
  Future<ChatMessage> reply(long tenantId, String platformUserId, String text, String messageKey);

  /**
   * The same with the colleagues the platform says were @-mentioned in the message (DingTalk group
   * messages carry their staff ids; the robot itself is not among them), so "@李四 帮忙跟进一下" can name
   * 李四 without guessing by display name. Implementations that use mentions override this.
   *
   * @param mentionedUserIds platform user ids, in the order the platform listed them; may be empty
   */
  default Future<ChatMessage> reply(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      List<String> mentionedUserIds) {
    return reply(tenantId, platformUserId, text, messageKey);
  }
}
