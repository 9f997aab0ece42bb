package com.chatcrm.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How many inbox events processing takes at a time, as acknowledgements go, on a clock of the
 * test's own.
 */
class InboundPaceTest {

  private double ackMillis;
  private long nanos;
  private final InboundProcessor processor =
      new InboundProcessor(null, Map.of(), 60_000, () -> ackMillis, () -> nanos);

  private int paceAfter(long millis, double ack) {
    nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    ackMillis = ack;
    return processor.nextBatch();
  }

  @Test
  @DisplayName(
      "after acknowledgements were slow, one event at a time until they have been quick for a second")
  void holdsBackUntilCalm() {
    assertThat(paceAfter(0, 1)).as("quick from the start: a full batch at once").isGreaterThan(1);
    assertThat(paceAfter(100, 1)).isGreaterThan(1);
    assertThat(paceAfter(100, 9)).as("slowed by load").isEqualTo(1);
    assertThat(processor.restMillis()).isEqualTo(InboundProcessor.REST_MS);
    assertThat(paceAfter(100, 1)).as("quick again, but only just").isEqualTo(1);
    assertThat(paceAfter(500, 1)).isEqualTo(1);
    assertThat(paceAfter(300, 9)).as("slow again: the second starts over").isEqualTo(1);
    assertThat(paceAfter(900, 1)).isEqualTo(1);
    assertThat(paceAfter(200, 1)).as("quick for over a second: one more per drain").isEqualTo(2);
    assertThat(paceAfter(10, 1)).isEqualTo(3);
    assertThat(processor.restMillis()).isZero();
  }
}
