package com.chatcrm.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AckBudgetTest {

  private double ackMillis;
  private long nanos;
  private final AckBudget budget = new AckBudget(() -> ackMillis, () -> nanos);

  private boolean at(double millis, long afterSeconds) {
    ackMillis = millis;
    nanos += TimeUnit.SECONDS.toNanos(afterSeconds);
    return budget.exceeded();
  }

  @Test
  @DisplayName("acknowledgements slowed by load are over budget; quick again, they are not")
  void loadSlowsAcknowledgements() {
    assertThat(at(0.8, 0)).isFalse();
    assertThat(at(1.5, 1)).as("under 2 ms is quick whatever the floor").isFalse();
    assertThat(at(9, 1)).isTrue();
    assertThat(at(1.0, 1)).isFalse();
  }

  @Test
  @DisplayName(
      "a disk that makes every commit slow is not load: processing does not give way to it")
  void slowDiskIsNotLoad() {
    assertThat(at(4, 0)).isFalse();
    assertThat(at(4.5, 1)).isFalse();
    assertThat(at(12, 1)).as("three times the slow disk's usual is load again").isTrue();
  }

  @Test
  @DisplayName("a long busy spell slowly becomes the norm, so processing is not held back for ever")
  void floorRisesSlowly() {
    assertThat(at(1, 0)).isFalse();
    assertThat(at(6, 1)).isTrue();
    assertThat(at(6, 60))
        .as("a minute later the floor has risen 80%, not yet half of 6 ms")
        .isTrue();
    assertThat(at(6, 120)).as("three minutes on it has").isFalse();
  }

  @Test
  @DisplayName("no callbacks lately: nothing to give way to")
  void quiet() {
    assertThat(at(0, 0)).isFalse();
  }
}
