package com.chatcrm.gateway.outbound;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;

/** Delivers a neutral message to one recipient on one channel; answers the platform's message id. */
public interface ChannelSender {

  Future<String> send(long tenantId, String recipient, ChatMessage message);
}
