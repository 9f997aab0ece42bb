package com.chatcrm.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls for an expected state with a deadline instead of sleeping a fixed time. {@code
 * eventually(probe, done)} waits 15 s polling every 20 ms; {@code
 * Eventually.within(d).every(p).as(what)} sets each of those for slower states.
 */
public final class Eventually {

  /**
   * A read of the state under test; it may throw (a query, an HTTP call), which fails the test at
   * once.
   */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  /** A yes/no read of the state under test that may throw. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private final Duration within;
  private final Duration poll;
  private final Supplier<String> what;

  private Eventually(Duration within, Duration poll, Supplier<String> what) {
    this.within = within;
    this.poll = poll;
    this.what = what;
  }

  /** Waits at most {@code within}, polling every 20 ms until {@link #every} says otherwise. */
  public static Eventually within(Duration within) {
    return new Eventually(within, Duration.ofMillis(20), () -> "condition reached");
  }

  /** Polls every {@code poll}. */
  public Eventually every(Duration poll) {
    return new Eventually(within, poll, what);
  }

  /** Names what is awaited in the failure message. */
  public Eventually as(String what) {
    return as(() -> what);
  }

  /**
   * Names what is awaited in the failure message, worked out only on failure (e.g. a log read
   * then).
   */
  public Eventually as(Supplier<String> what) {
    return new Eventually(within, poll, what);
  }

  /**
   * Probes for 15 s, every 20 ms, until {@code done} holds; fails the test with the last value if
   * it never does.
   */
  public static <T> T eventually(Supplier<T> probe, Predicate<T> done) {
    return within(Duration.ofSeconds(15)).until(probe::get, done);
  }

  /**
   * Probes until {@code done} holds and returns that value; fails the test with the last value if
   * it never does.
   */
  public <T> T until(Probe<T> probe, Predicate<? super T> done) {
    Instant deadline = Instant.now().plus(within);
    T value = read(probe);
    while (!done.test(value) && Instant.now().isBefore(deadline)) {
      pause();
      value = read(probe);
    }
    assertThat(done.test(value))
        .as("%s within %s; last value %s", what.get(), seconds(), value)
        .isTrue();
    return value;
  }

  /** Probes until it answers something other than null, and returns that. */
  public <T> T untilPresent(Probe<T> probe) {
    return until(probe, Objects::nonNull);
  }

  /** Waits until {@code condition} holds. */
  public void until(Condition condition) {
    until(condition::holds, Boolean.TRUE::equals);
  }

  private String seconds() {
    return within.toMillis() % 1000 == 0 ? within.toSeconds() + " s" : within.toMillis() + " ms";
  }

  private void pause() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T read(Probe<T> probe) {
    try {
      return probe.get();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the probe failed", e);
    }
  }
}
