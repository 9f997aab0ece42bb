package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.wecom.WeComCallbackHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through the inbox: nudged by the callback handler when an event arrives, and polling anyway
 * so that events recorded by another node, or before a crash, are never stranded.
 */
public final class InboundProcessor extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InboundProcessor.class);
  private static final int BATCH = 20;

  private final Inbox inbox;
  private final Map<String, InboundHandler> handlers;
  private final long pollMillis;
  private long timer;
  private MessageConsumer<Object> consumer;
  private boolean running;

  /** @param handlers by platform, e.g. "wecom" */
  public InboundProcessor(Inbox inbox, Map<String, InboundHandler> handlers, long pollMillis) {
    this.inbox = inbox;
    this.handlers = handlers;
    this.pollMillis = pollMillis;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(WeComCallbackHandler.INBOX_ADDRESS, msg -> drain());
    timer = vertx.setPeriodic(pollMillis, id -> drain());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return consumer.unregister();
  }

  /** Claims and handles batches until the inbox has nothing due. One drain at a time per verticle. */
  private void drain() {
    if (running) {
      return;
    }
    running = true;
    drainOnce().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("Inbox processing paused: {}", ar.cause().getMessage());
      } else if (ar.result() == BATCH) {
        drain();
      }
    });
  }

  private Future<Integer> drainOnce() {
    return inbox.claim(BATCH).compose(events -> Future.join(events.stream().map(this::handle).toList())
        .otherwiseEmpty()
        .map(v -> events.size()));
  }

  private Future<Void> handle(InboundEvent event) {
    InboundHandler handler = handlers.get(event.platform());
    if (handler == null) {
      return inbox.failed(event, "no handler for platform " + event.platform());
    }
    Future<Void> work;
    try {
      work = handler.handle(event);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    return work
        .compose(v -> inbox.done(event))
        .recover(e -> {
          LOG.warn("Inbound {} event {} of tenant {} failed (attempt {}): {}", event.platform(), event.kind(),
              event.tenantId(), event.attempts(), e.toString());
          return inbox.failed(event, String.valueOf(e.getMessage()));
        });
  }

  /** For tests: handle whatever is due now. */
  public Future<Integer> processNow() {
    return drainOnce();
  }

}
