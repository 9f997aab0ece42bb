package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.inbox.Completion;
import com.chatcrm.engine.inbox.InboundEvent;
import io.vertx.core.Future;

/** Does what one recorded platform callback asks. */
public interface InboundHandler {

  /**
   * Handles the event; what it answers (replies to queue, the answer to remember) goes into {@code
   * done}, which the processor writes with the event's completion. A failed future leaves the event
   * to be tried again and nothing of {@code done} is written.
   */
  Future<Void> handle(InboundEvent event, Completion done);
}
