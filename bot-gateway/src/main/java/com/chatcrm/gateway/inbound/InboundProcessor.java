package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.BatchDrainer;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through the inbox: nudged by the callback handler when an event arrives, and polling anyway
 * so that events recorded by another node, or before a crash, are never stranded.
 */
public final class InboundProcessor extends BatchDrainer {

  private static final Logger LOG = LoggerFactory.getLogger(InboundProcessor.class);
  private static final int BATCH = 20;
  /** Event-bus address told when a new inbound event waits, so processing starts at once. */
  public static final String ADDRESS = "crm.inbox.new";

  /**
   * What recording a callback may take before processing makes room: well above a quiet node's few
   * milliseconds, well below the platforms' patience (WeCom re-delivers after 5 s).
   */
  static final double ACK_BUDGET_MS = 10;

  private final Inbox inbox;
  private final Map<String, InboundHandler> handlers;
  private final DoubleSupplier ackMillis;
  private int pace = BATCH;

  /** @param handlers by platform, e.g. "wecom" */
  public InboundProcessor(Inbox inbox, Map<String, InboundHandler> handlers, long pollMillis) {
    this(inbox, handlers, pollMillis, () -> 0);
  }

  /**
   * @param ackMillis how long callbacks currently wait to be recorded (see {@link Inbox#recentAcceptMillis}): while
   *     it is over {@link #ACK_BUDGET_MS}, events are taken fewer at a time (halved per drain, down to one) and
   *     then more again (one more per drain), so that a backlog is worked through with what the
   *     acknowledgements leave, and a platform never waits on our processing
   */
  public InboundProcessor(Inbox inbox, Map<String, InboundHandler> handlers, long pollMillis,
      DoubleSupplier ackMillis) {
    super(ADDRESS, pollMillis, BATCH, "Inbox processing");
    this.inbox = inbox;
    this.handlers = handlers;
    this.ackMillis = ackMillis;
  }

  @Override
  protected int nextBatch() {
    pace = ackMillis.getAsDouble() > ACK_BUDGET_MS ? Math.max(1, pace / 2) : Math.min(BATCH, pace + 1);
    return pace;
  }

  @Override
  protected Future<Integer> drainOnce(int batch) {
    return inbox.claim(batch).compose(events -> Future.join(events.stream().map(this::handle).toList())
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
    return drainOnce(BATCH);
  }

}
