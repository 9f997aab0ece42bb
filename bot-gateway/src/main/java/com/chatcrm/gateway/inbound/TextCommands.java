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

  /**
   * A reply, and whether the caller is to remember it under the message's key (false when it was
   * found remembered, or there is no key).
   */
  record Answer(ChatMessage message, boolean remember) {}

  /**
   * The reply to a chat message, for whoever remembers it with the message's completion (the inbox
   * processor): a message handled for the first time ({@code seenBefore} false) cannot have a
   * remembered answer, so nothing is looked up for it.
   */
  default Future<Answer> answer(
      long tenantId,
      String platformUserId,
      String text,
      String messageKey,
      List<String> mentionedUserIds,
      boolean seenBefore) {
    return reply(tenantId, platformUserId, text, messageKey, mentionedUserIds)
        .map(m -> new Answer(m, false));
  }
}
