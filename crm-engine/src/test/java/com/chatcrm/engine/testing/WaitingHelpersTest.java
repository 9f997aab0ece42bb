package com.chatcrm.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.Forbidden;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every other test leans on these two helpers failing the right way, so they are tested too. */
class WaitingHelpersTest {

  @Test
  @DisplayName(
      "a failed future throws the service's own exception; a hung one fails the test when its time is up")
  void awaitUnwrapsAndTimesOut() {
    assertThat(Await.await(Future.succeededFuture("ok"))).isEqualTo("ok");
    assertThatThrownBy(() -> Await.await(Future.failedFuture(new Forbidden("无权查看"))))
        .isInstanceOf(Forbidden.class)
        .hasMessage("无权查看");
    assertThatThrownBy(() -> Await.await(Future.failedFuture(new IOException("gone"))))
        .isInstanceOf(IllegalStateException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> Await.await(Promise.promise().future(), Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no result within 100 ms");
  }

  @Test
  @DisplayName(
      "a state reached in time is returned; one never reached fails with what was awaited and the last value")
  void eventuallyWaitsThenFails() {
    AtomicInteger polls = new AtomicInteger();
    assertThat(
            Eventually.within(Duration.ofSeconds(5))
                .every(Duration.ofMillis(5))
                .until(polls::incrementAndGet, n -> n >= 3))
        .isEqualTo(3);

    long started = System.nanoTime();
    Eventually briefly = Eventually.within(Duration.ofMillis(200)).as("the count at 99");
    assertThatThrownBy(() -> briefly.until(() -> 7, n -> n == 99))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the count at 99 within 200 ms; last value 7");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  @DisplayName(
      "a probe that throws fails the test at once instead of being retried until the deadline")
  void throwingProbeFailsAtOnce() {
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                Eventually.within(Duration.ofSeconds(30))
                    .until(
                        () -> {
                          throw new IOException("the sandbox is down");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("the sandbox is down");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }
}
