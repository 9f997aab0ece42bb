package com.chatcrm.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.bench.BenchRun;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of the hostile-callbacks probe (docs/reliability.md): a few hundred forged,
 * stale, replayed and malformed callbacks across every callback route of the packaged service. None
 * may be acknowledged, write a row or meet a 5xx, and the log may show neither a stack trace nor a
 * secret nor a forged line.
 */
class HostileCallbacksIT {

  private static final int REQUESTS = 800;

  @Test
  void noHostileCallbackIsAcknowledgedWritesOrBreaksTheService(@TempDir Path dir) throws Exception {
    HostileCallbackProbe.Result r;
    try (ProbeDatabase db = ProbeDatabase.create("hostile");
        ProbedService service =
            ProbedService.start(
                ProbeDatabase.jar(), dir, "hostile", db.url(), BenchRun.freePort(), Map.of())) {
      r = HostileCallbackProbe.run(service, db.url(), REQUESTS, 21L);
      service.close();
      r = r.withLog(ServiceLog.read(service.logs()));
    }
    ServiceLog log = r.log();
    assertThat(r.sent()).as("requests sent").isGreaterThan(REQUESTS * 9 / 10);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(r.accepted()).as("acknowledged (2xx): %s", failures(r, true)).isZero();
    soft.assertThat(r.rowsWritten()).as("rows written").isEmpty();
    soft.assertThat(r.serverErrors()).as("5xx answers: %s", failures(r, false)).isZero();
    soft.assertThat(r.timedOut()).as("requests left without an answer").isZero();
    soft.assertThat(r.aliveAfter()).as("service healthy afterwards").isTrue();
    soft.assertThat(log.stackTraces())
        .as("stack traces in the log: %s", examples(log, "stack trace"))
        .isZero();
    soft.assertThat(log.secretLines())
        .as("log lines with a sandbox secret: %s", examples(log, "a sandbox secret"))
        .isZero();
    soft.assertThat(log.forgedLines())
        .as("log lines forged by a CR/LF: %s", examples(log, "forged"))
        .isZero();
    soft.assertAll();
  }

  /** The first acknowledged (or 5xx) request of each category that had one, and its answer. */
  private static String failures(HostileCallbackProbe.Result r, boolean acknowledged) {
    return r.byCategory().entrySet().stream()
        .flatMap(
            e ->
                (acknowledged ? e.getValue().accepted2xx : e.getValue().errors)
                    .stream().limit(1).map(f -> "\n  " + e.getKey() + ": " + f))
        .collect(Collectors.joining());
  }

  private static String examples(ServiceLog log, String kind) {
    return log.examples().stream()
        .filter(x -> x.startsWith(kind))
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }
}
