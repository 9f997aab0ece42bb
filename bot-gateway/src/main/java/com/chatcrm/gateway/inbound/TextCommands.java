package com.chatcrm.gateway.inbound;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;

/** Turns one line a user typed into the reply; the command language (issue #6) implements it. */
public interface TextCommands {

  /**
   * @param messageKey the platform message id, so that a re-run of the same message changes nothing twice
   */
  Future<ChatMessage> reply(long tenantId, String platformUserId, String text, String messageKey);
}
