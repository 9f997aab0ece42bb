package com.chatcrm.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of the faults probe (docs/reliability.md): a short stream of genuine 跟进
 * callbacks through a kill -9 of the node and a spell of the WeCom API answering 502. Nothing
 * acknowledged is lost or processed twice, every reply is delivered, and the service recovers from
 * both. PostgreSQL is not stopped here: the test database lives on the shared test server (the full
 * run stops a private cluster). Usually under a minute; up to three when the kill catches replies
 * in flight, which wait out the outbox's 2-minute lease.
 */
class FaultsIT {

  @Test
  void nothingAcknowledgedIsLostOrDuplicatedThroughAKillAndAnApiOutage(@TempDir Path dir)
      throws Exception {
    FaultProbe.Settings settings =
        new FaultProbe.Settings(
            10,
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofSeconds(150),
            true,
            true,
            false,
            false);
    FaultProbe.Result r;
    try (ProbeDatabase db = ProbeDatabase.create("faults")) {
      r = FaultProbe.run(ProbeDatabase.jar(), dir, db.url(), null, settings);
    }
    assertThat(r.acked()).as("callbacks acknowledged").isGreaterThan(50);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(r.lost()).as("acknowledged but never processed: %s", r.examples()).isZero();
    soft.assertThat(r.duplicated()).as("processed twice: %s", r.examples()).isZero();
    soft.assertThat(r.repliesUnsent()).as("replies never delivered: %s", r.examples()).isZero();
    soft.assertThat(r.faults())
        .as("faults the service did not recover from within 150 s")
        .allMatch(f -> f.recoverySeconds() >= 0);
    soft.assertAll();
  }
}
