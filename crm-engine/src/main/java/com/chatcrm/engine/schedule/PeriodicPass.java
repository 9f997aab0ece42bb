package com.chatcrm.engine.schedule;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler verticle: one pass over the tenants every tick, on the verticle's own context. A pass
 * still running when the next tick comes is joined, not doubled; what must happen once is claimed in
 * the database by the pass itself, so any number of nodes may run the same scheduler.
 */
public abstract class PeriodicPass extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicPass.class);

  private final Duration every;
  private final String what;
  private final boolean runAtStart;
  private long timer;
  private Future<Integer> current;

  /**
   * @param what for the log, e.g. "Reminder dispatch"
   * @param runAtStart whether to run a pass at once on start (a late start catches up)
   */
  protected PeriodicPass(Duration every, String what, boolean runAtStart) {
    this.every = every;
    this.what = what;
    this.runAtStart = runAtStart;
  }

  @Override
  public final Future<?> start() {
    timer = vertx.setPeriodic(every.toMillis(), id -> tick());
    if (runAtStart) {
      tick();
    }
    return Future.succeededFuture();
  }

  @Override
  public final Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** Runs (or joins) one pass; answers how much it did (pushes, reports, tenants — per scheduler). */
  public final Future<Integer> tick() {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(v -> {
      if (current == null) {
        current = pass().andThen(ar -> {
          current = null;
          if (ar.failed()) {
            LOG.warn("{} pass failed: {}", what, ar.cause().getMessage());
          }
        });
      }
      current.onComplete(done);
    });
    return done.future();
  }

  /** One pass over all tenants. */
  protected abstract Future<Integer> pass();
}
