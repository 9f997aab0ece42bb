package com.chatcrm.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.bench.BenchRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of the permissions probe: the packaged service (dev profile, sandbox companies
 * and their demo data) on a fresh database, 500 randomized mini-app requests across both companies'
 * members, and not one leak or wrong write by the independent oracle.
 */
class PermissionProbeIT {

  @Test
  void fiveHundredRandomRequestsShowNothingHiddenAndChangeNothingRefused(@TempDir Path dir)
      throws Exception {
    try (ProbeDatabase db = ProbeDatabase.create("permissions");
        ProbedService service =
            ProbedService.start(
                ProbeDatabase.jar(), dir, "permissions", db.url(), BenchRun.freePort(), Map.of())) {
      long started = System.nanoTime();
      PermissionProbe.Result result = PermissionProbe.run(service.baseUrl(), db.url(), 500, 21L);

      assertThat(result.requests()).isEqualTo(500);
      assertThat(result.leaks()).as("leaks; %s", result.markdown()).isZero();
      assertThat(result.wrongWrites()).as("wrong writes; %s", result.markdown()).isZero();
      assertThat(result.markdown()).contains("Targets 0 leaks / 0 wrong writes: ✅ met");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(45));
    }
  }
}
