package com.chatcrm.engine.schedule;

import com.chatcrm.engine.db.DatabaseOutage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler verticle: one pass over the tenants every tick, on the verticle's own context. A pass
 * still running when the next tick comes is joined, not doubled; what must happen once is claimed
 * in the database by the pass itself, so any number of nodes may run the same scheduler.
 *
 * <p>No pass can stall the scheduler: one that fails is logged, one that runs past its timeout is
 * logged and let go (whatever it claimed is taken up again after its lease), and the next tick
 * starts a new pass either way. {@link #status()} tells when a pass last went well.
 */
public abstract class PeriodicPass extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicPass.class);

  private final Duration every;
  private final Duration timeout;
  private final String what;
  private final boolean runAtStart;
  private long timer = -1;
  private Future<Integer> current;
  private volatile PassStatus status;
  private DatabaseOutage outage;

  /**
   * @param what for the log, e.g. "Reminder dispatch"
   * @param runAtStart whether to run a pass at once on start (a late start catches up)
   * @param timeout how long a pass may run before the next tick gives up on it and starts anew
   */
  protected PeriodicPass(Duration every, String what, boolean runAtStart, Duration timeout) {
    this.every = every;
    this.timeout = timeout;
    this.what = what;
    this.runAtStart = runAtStart;
    this.status = PassStatus.started(what, Instant.now());
  }

  @Override
  public final Future<?> start() {
    status = PassStatus.started(what, Instant.now());
    timer = vertx.setPeriodic(every.toMillis(), id -> tick());
    if (runAtStart) {
      tick();
    }
    return started();
  }

  /** What a scheduler starts besides its passes (e.g. a probe on its own timer). */
  protected Future<Void> started() {
    return Future.succeededFuture();
  }

  @Override
  public final Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /**
   * Passes that fail for want of the database are counted by {@code outage}, which logs the outage
   * once, instead of a line per tick. Call before deploying.
   */
  public final PeriodicPass reportOutagesTo(DatabaseOutage outage) {
    this.outage = outage;
    return this;
  }

  /**
   * Whether a failure inside a pass was for want of the database, and so counted rather than
   * logged.
   */
  protected final boolean countedAsOutage(Throwable failure) {
    return outage != null && outage.passFailed(failure);
  }

  /**
   * One tenant's part of a pass failed: logged (unless counted as an outage) so that the pass can
   * go on with the other tenants; answers 0, what that tenant did.
   */
  protected final int tenantFailed(long tenantId, Throwable failure) {
    if (!countedAsOutage(failure)) {
      LOG.warn("{} of tenant {} not finished: {}", what, tenantId, failure.getMessage());
    }
    return 0;
  }

  /** How the passes went: the last good one, failures, timeouts. */
  public final PassStatus status() {
    return status;
  }

  /**
   * Runs (or joins) one pass; answers how much it did (pushes, reports, tenants — per scheduler).
   */
  public final Future<Integer> tick() {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(
        v -> {
          Future<Integer> running = current;
          if (running == null) {
            Future<Integer> started = startPass();
            // set before listening: a pass that is already over when it is handed back must clear
            // itself too,
            // else every later tick would join that finished pass and nothing would run again
            current = started;
            started.onComplete(
                ar -> {
                  if (current == started) {
                    current = null;
                  }
                  record(ar.failed() ? ar.cause() : null);
                });
            running = started;
          }
          running.onComplete(done);
        });
    return done.future();
  }

  private Future<Integer> startPass() {
    try {
      return pass().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void record(Throwable failure) {
    Instant now = Instant.now();
    if (failure == null) {
      status = status.succeeded(now);
      return;
    }
    boolean timedOut = failure instanceof TimeoutException;
    String error =
        timedOut
            ? "did not finish within " + timeout.toSeconds() + " s"
            : failure.getMessage() == null
                ? failure.getClass().getSimpleName()
                : failure.getMessage().strip().lines().findFirst().orElse("");
    status = status.failed(now, error, timedOut);
    if (!timedOut && countedAsOutage(failure)) {
      return;
    }
    LOG.warn(
        "{} pass failed ({} in a row): {}; the next tick starts a new pass",
        what,
        status.consecutiveFailures(),
        error);
  }

  /** One pass over all tenants. */
  protected abstract Future<Integer> pass();
}
