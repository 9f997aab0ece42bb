package com.chatcrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When a queue worker drains, by the wall clock on a real Vert.x. */
class BatchDrainerTest {

  private static final String ADDRESS = "test.drainer";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Finds one row on every drain (less than a batch) and takes 300 ms to handle it. */
  static final class SlowQueue extends BatchDrainer {
    final CopyOnWriteArrayList<Long> drains = new CopyOnWriteArrayList<>();

    SlowQueue() {
      super(ADDRESS, 3_600_000, 10, "Test queue");
    }

    @Override
    protected Future<Integer> drainOnce(int batch) {
      drains.add(System.nanoTime());
      Promise<Integer> done = Promise.promise();
      vertx.setTimer(300, id -> done.complete(1));
      return done.future();
    }
  }

  @Test
  @DisplayName(
      "a nudge that arrives while a drain runs gets a drain right after it, not at the next poll an hour later")
  void nudgeDuringADrainIsNotLost() throws Exception {
    SlowQueue queue = new SlowQueue();
    vertx.deployVerticle(queue).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.eventBus().send(ADDRESS, "first");
    Thread.sleep(100);
    vertx.eventBus().send(ADDRESS, "queued meanwhile");
    vertx.eventBus().send(ADDRESS, "and another");
    Thread.sleep(1_500);
    assertThat(queue.drains).as("the first drain, then one more for both nudges").hasSize(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(queue.drains.get(1) - queue.drains.get(0)))
        .as("the second drain starts once the first has ended")
        .isGreaterThanOrEqualTo(250L);
  }

  @Test
  @DisplayName("a drain that found less than a batch and was not nudged waits for the poll")
  void idleQueueWaitsForThePoll() throws Exception {
    SlowQueue queue = new SlowQueue();
    vertx.deployVerticle(queue).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.eventBus().send(ADDRESS, "first");
    Thread.sleep(1_000);
    assertThat(queue.drains).hasSize(1);
  }
}
