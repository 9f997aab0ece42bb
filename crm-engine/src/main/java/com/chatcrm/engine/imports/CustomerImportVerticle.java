package com.chatcrm.engine.imports;

import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.schedule.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * The background worker of 导入客户 and 导入线索: each tick claims a started job nobody holds and writes it
 * batch after batch for up to {@code slice}, then lets it go so other jobs get their turn. Claimed
 * in the database, so any number of nodes may run it; one stopped mid-job leaves a lease that runs
 * out, and the job is taken up again from its last committed batch.
 */
public final class CustomerImportVerticle extends PeriodicPass {

  /**
   * @param tick how often an idle worker looks for a started job
   * @param slice how long one pass writes one job before letting it go
   */
  public record Settings(Duration tick, Duration slice, ImportRunner.Settings runner) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(1), Duration.ofSeconds(30), ImportRunner.Settings.defaults());
    }
  }

  private final ImportRunner runner;
  private final Settings settings;

  public CustomerImportVerticle(Pool pool, Notifier notifier, Settings settings) {
    super(
        settings.tick(), "Customer import", true, settings.slice().plus(settings.runner().lease()));
    this.runner = new ImportRunner(pool, notifier, settings.runner());
    this.settings = settings;
  }

  @Override
  protected Future<Integer> pass() {
    return runner
        .claim()
        .compose(
            claim ->
                claim == null
                    ? Future.succeededFuture(0)
                    : run(claim, System.nanoTime() + settings.slice().toNanos(), 0));
  }

  private Future<Integer> run(ImportRunner.Claim claim, long until, int batches) {
    // undeployed (a node stopping): the batch in flight is committed, the rest waits for the lease
    if (!vertx.deploymentIDs().contains(deploymentID())) {
      return Future.succeededFuture(batches);
    }
    if (System.nanoTime() > until) {
      return runner.release(claim).map(batches);
    }
    return runner
        .step(claim)
        .compose(
            step ->
                switch (step) {
                  case MORE -> run(claim, until, batches + 1);
                  case NOTHING_LEFT -> runner.finish(claim).map(batches);
                  case LOST -> Future.succeededFuture(batches);
                });
  }
}
