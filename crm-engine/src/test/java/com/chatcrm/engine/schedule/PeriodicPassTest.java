package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A scheduler keeps ticking whatever its passes do: a pass already over when it is handed back, one
 * that fails, one that never ends. Real timers, real wall clock, short ticks.
 */
class PeriodicPassTest {

  static final Duration TICK = Duration.ofMillis(20);

  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close(), Duration.ofSeconds(10));
  }

  /** A scheduler whose n-th pass (from 1) is what {@code passes} answers for n. */
  static final class Scripted extends PeriodicPass {
    final AtomicInteger started = new AtomicInteger();
    final IntFunction<Future<Integer>> passes;

    Scripted(Duration timeout, IntFunction<Future<Integer>> passes) {
      super(TICK, "Test pass", false, timeout);
      this.passes = passes;
    }

    @Override
    protected Future<Integer> pass() {
      return passes.apply(started.incrementAndGet());
    }
  }

  private Scripted deploy(Scripted s) throws Exception {
    await(vertx.deployVerticle(s), Duration.ofSeconds(10));
    return s;
  }

  private static final Eventually SOON =
      Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(10));

  @Test
  @DisplayName(
      "a pass that is already over when it is handed back does not stop the passes after it")
  void passOverAtOnce() throws Exception {
    // the reminder dispatcher stalled for good this way: the finished pass was kept as the running
    // one
    Scripted s = deploy(new Scripted(Duration.ofSeconds(5), n -> Future.succeededFuture(0)));

    SOON.as("ten passes run").until(() -> s.started.get() >= 10);
    assertThat(s.status().lastSuccessAt()).isNotNull();
    assertThat(s.status().failures()).isZero();
  }

  @Test
  @DisplayName(
      "a pass that never ends is given up after its timeout, logged as failed, and the next tick runs")
  void hungPass() throws Exception {
    Scripted s =
        deploy(
            new Scripted(
                Duration.ofMillis(300),
                n -> n == 1 ? Promise.<Integer>promise().future() : Future.succeededFuture(n)));

    SOON.as("a second pass after the first timed out").until(() -> s.started.get() >= 3);
    SOON.as("the good pass after it is recorded").until(() -> s.status().lastSuccessAt() != null);
    assertThat(s.status().timeouts()).isEqualTo(1);
    assertThat(s.status().lastError()).contains("did not finish within");
    assertThat(s.status().consecutiveFailures()).isZero();
  }

  @Test
  @DisplayName(
      "a failing pass, even one that throws instead of failing its future, leaves the next tick to run")
  void failingPass() throws Exception {
    Scripted s =
        deploy(
            new Scripted(
                Duration.ofSeconds(5),
                n -> {
                  if (n == 1) {
                    throw new IllegalStateException("boom");
                  }
                  return n == 2 ? Future.failedFuture("database gone") : Future.succeededFuture(n);
                }));

    SOON.as("passes after two failures").until(() -> s.started.get() >= 4);
    SOON.as("a good pass recorded").until(() -> s.status().lastSuccessAt() != null);
    assertThat(s.status().failures()).isEqualTo(2);
    assertThat(s.status().lastFailureAt()).isNotNull();
  }

  @Test
  @DisplayName("a pass still running when the next tick comes is joined, not doubled")
  void slowPassIsJoined() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Scripted s =
        deploy(
            new Scripted(
                Duration.ofSeconds(5),
                n -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  Promise<Integer> p = Promise.promise();
                  vertx.setTimer(
                      TICK.toMillis() * 5,
                      id -> {
                        running.decrementAndGet();
                        p.complete(n);
                      });
                  return p.future();
                }));

    SOON.as("three passes").until(() -> s.started.get() >= 3);
    assertThat(most.get()).isEqualTo(1);
  }
}
