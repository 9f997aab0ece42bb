package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.inbox.InboundEvent;
import io.vertx.core.Future;

/**
 * Does what one recorded platform callback asks for; must be safe to run again for the same event.
 */
public interface InboundHandler {

  Future<Void> handle(InboundEvent event);
}
