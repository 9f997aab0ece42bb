package com.chatcrm.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls for an expected state with a deadline instead of sleeping a fixed time. */
public final class Eventually {

  private Eventually() {}

  public static <T> T eventually(Supplier<T> probe, Predicate<T> done) {
    Instant deadline = Instant.now().plusSeconds(15);
    T value = probe.get();
    while (!done.test(value) && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      value = probe.get();
    }
    assertThat(done.test(value)).as("condition reached within 15 s; last value %s", value).isTrue();
    return value;
  }
}
