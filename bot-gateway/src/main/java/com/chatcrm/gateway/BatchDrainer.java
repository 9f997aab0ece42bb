package com.chatcrm.gateway;

import com.chatcrm.engine.db.DatabaseOutage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker over a durable queue in Postgres (the inbox, the outbox): nudged over the event bus when
 * something was queued, and polling anyway so that rows queued by another node, or before a crash,
 * are never stranded. One drain at a time per verticle; a full batch is followed at once by the
 * next, and so is a drain that was nudged while it ran (what was queued meanwhile must not wait for
 * the poll).
 */
public abstract class BatchDrainer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BatchDrainer.class);

  private final String address;
  private final long pollMillis;
  private final int batch;
  private final String what;
  private long timer;
  private MessageConsumer<Object> consumer;
  private boolean running;
  private boolean resting;
  private boolean nudged;
  private DatabaseOutage outage;

  /**
   * @param address the event-bus address that nudges this worker
   * @param what for the log, e.g. "Inbox processing"
   */
  protected BatchDrainer(String address, long pollMillis, int batch, String what) {
    this.address = address;
    this.pollMillis = pollMillis;
    this.batch = batch;
    this.what = what;
  }

  @Override
  public final Future<?> start() {
    consumer = vertx.eventBus().consumer(address, msg -> drain());
    timer = vertx.setPeriodic(pollMillis, id -> drain());
    return consumer.completion();
  }

  /**
   * Drains that fail for want of the database are counted by {@code outage} instead of a line each.
   */
  public final BatchDrainer reportOutagesTo(DatabaseOutage outage) {
    this.outage = outage;
    return this;
  }

  @Override
  public final Future<?> stop() {
    vertx.cancelTimer(timer);
    return consumer.unregister();
  }

  /** Claims and handles up to {@code batch} rows; answers how many were claimed. */
  protected abstract Future<Integer> drainOnce(int batch);

  /** How many rows the next drain claims: the configured batch, unless a worker paces itself. */
  protected int nextBatch() {
    return batch;
  }

  /**
   * How long to wait before the next drain after a full one (ms): none, unless a worker paces
   * itself. A nudge does not cut the rest short; the poll does not either.
   */
  protected long restMillis() {
    return 0;
  }

  private void drain() {
    if (running) {
      nudged = true;
      return;
    }
    if (resting) {
      return;
    }
    running = true;
    nudged = false;
    int claim = Math.max(1, Math.min(batch, nextBatch()));
    drainOnce(claim)
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                if (outage != null && outage.passFailed(ar.cause())) {
                  return;
                }
                LOG.warn("{} paused: {}", what, ar.cause().getMessage());
              } else if (ar.result() == claim || nudged) {
                long rest = restMillis();
                if (rest <= 0) {
                  drain();
                } else {
                  resting = true;
                  vertx.setTimer(
                      rest,
                      id -> {
                        resting = false;
                        drain();
                      });
                }
              }
            });
  }
}
