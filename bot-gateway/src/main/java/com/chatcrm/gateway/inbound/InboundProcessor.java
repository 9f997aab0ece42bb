package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.inbox.Completion;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.gateway.BatchDrainer;
import com.chatcrm.gateway.LogSafe;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
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

  /** How long processing rests between single events while acknowledgements are over budget. */
  static final long REST_MS = 100;

  /**
   * How long acknowledgements must stay within budget before processing takes more than one event
   * again: climbing back at once, processing took the CPU again the moment its rests had made
   * acknowledgements quick.
   */
  static final long CALM_MS = 1000;

  private static final long CALM_NANOS = TimeUnit.MILLISECONDS.toNanos(CALM_MS);

  private final Inbox inbox;
  private final Map<String, InboundHandler> handlers;
  private final AckBudget ackBudget;
  private final LongSupplier nanoClock;

  /**
   * Events per drain: one while acknowledgements are over budget, or have been within it for less
   * than {@link #CALM_MS} (BATCH is more than one).
   */
  private int pace = BATCH;

  /** When acknowledgements were last over budget (nanos); long enough ago at first. */
  private long overBudgetAt;

  /**
   * @param handlers by platform, e.g. "wecom"
   */
  public InboundProcessor(Inbox inbox, Map<String, InboundHandler> handlers, long pollMillis) {
    this(inbox, handlers, pollMillis, () -> 0);
  }

  /**
   * @param ackMillis how long callbacks currently wait to be recorded (see {@link
   *     Inbox#recentAcceptMillis}): while it is over budget ({@link AckBudget}), events are taken
   *     one at a time with a rest between them, and after {@link #CALM_MS} within budget more again
   *     (one more per drain), so that a backlog is worked through with what the acknowledgements
   *     leave, and a platform never waits on our processing
   */
  public InboundProcessor(
      Inbox inbox,
      Map<String, InboundHandler> handlers,
      long pollMillis,
      DoubleSupplier ackMillis) {
    this(inbox, handlers, pollMillis, ackMillis, System::nanoTime);
  }

  /** Tests pass a clock of their own. */
  InboundProcessor(
      Inbox inbox,
      Map<String, InboundHandler> handlers,
      long pollMillis,
      DoubleSupplier ackMillis,
      LongSupplier nanoClock) {
    super(ADDRESS, pollMillis, BATCH, "Inbox processing");
    this.inbox = inbox;
    this.handlers = handlers;
    this.nanoClock = nanoClock;
    this.ackBudget = new AckBudget(ackMillis, nanoClock);
    this.overBudgetAt = nanoClock.getAsLong() - CALM_NANOS;
  }

  @Override
  protected int nextBatch() {
    long now = nanoClock.getAsLong();
    if (ackBudget.exceeded()) {
      overBudgetAt = now;
      pace = 1;
    } else if (now - overBudgetAt >= CALM_NANOS) {
      pace = Math.min(BATCH, pace + 1);
    }
    return pace;
  }

  /**
   * Over budget, processing takes one event at a time and rests between them: on two cores its node
   * and database work took the CPU the acknowledgements needed, and fewer at a time without rests
   * was not enough. A rest is short, so a backlog still moves, and drains at full speed once the
   * callbacks slow down.
   */
  @Override
  protected long restMillis() {
    return pace == 1 ? REST_MS : 0;
  }

  /**
   * Handles a claimed batch, then writes what it answered and marks it done in one statement (see
   * {@link Inbox#complete}); the replies are sent once that committed. An event that failed is
   * tried again later and leaves nothing queued.
   */
  @Override
  protected Future<Integer> drainOnce(int batch) {
    return inbox
        .claim(batch)
        .compose(
            events -> {
              List<Completion> done = new ArrayList<>(events.size());
              List<Future<Void>> work = new ArrayList<>(events.size());
              for (InboundEvent event : events) {
                Completion completion = new Completion(event);
                work.add(handle(event, completion).onSuccess(v -> done.add(completion)));
              }
              return Future.join(work)
                  .otherwiseEmpty()
                  .compose(v -> complete(done))
                  .map(v -> events.size());
            });
  }

  private Future<Void> complete(List<Completion> done) {
    return inbox
        .complete(done)
        .onSuccess(
            v -> {
              if (vertx != null && done.stream().anyMatch(c -> !c.replies().isEmpty())) {
                vertx.eventBus().send(OutboxDispatcher.ADDRESS, "inbox");
              }
            })
        .recover(
            e -> {
              LOG.warn(
                  "Completing {} inbound events failed; they are tried again: {}",
                  done.size(),
                  LogSafe.text(e.toString()));
              return Future.join(
                      done.stream()
                          .map(c -> inbox.failed(c.event(), String.valueOf(e.getMessage())))
                          .toList())
                  .<Void>mapEmpty()
                  .otherwiseEmpty();
            });
  }

  /** Does the event's work; a failure is recorded on the event (tried again later). */
  private Future<Void> handle(InboundEvent event, Completion completion) {
    InboundHandler handler = handlers.get(event.platform());
    if (handler == null) {
      return inbox
          .failed(event, "no handler for platform " + event.platform())
          .compose(v -> Future.failedFuture("no handler"));
    }
    Future<Void> work;
    try {
      work = handler.handle(event, completion);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    return work.recover(
        e -> {
          LOG.warn(
              "Inbound {} event {} of tenant {} failed (attempt {}): {}",
              event.platform(),
              LogSafe.text(event.kind()),
              event.tenantId(),
              event.attempts(),
              LogSafe.text(e.toString()));
          return inbox
              .failed(event, String.valueOf(e.getMessage()))
              .transform(ar -> Future.failedFuture(e));
        });
  }

  /** For tests: handle whatever is due now. */
  public Future<Integer> processNow() {
    return drainOnce(BATCH);
  }
}
