package com.chatcrm.gateway.outbound;

import com.chatcrm.engine.outbox.OutboundMessage;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;

/**
 * Delivers a neutral message to one recipient on one channel; answers the platform's message id.
 */
public interface ChannelSender {

  Future<String> send(long tenantId, String recipient, ChatMessage message);

  /**
   * The same for an outbox row: a platform that dedupes by a caller-chosen id (DingTalk's card
   * outTrackId) derives it from the row, so that a retry after a lost answer is not a second
   * message.
   */
  default Future<String> send(OutboundMessage row, ChatMessage message) {
    return send(row.tenantId(), row.recipient(), message);
  }
}
