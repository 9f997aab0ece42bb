package com.chatcrm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows issue 24's "≥ 4× WxJava" target is read from. */
class RecordedRateTest {

  private static final Latencies FAST = new Latencies(1000, 2, 5, 9, 20, 3);
  private static final Latencies SLOW = new Latencies(1000, 8, 30, 45, 80, 12);

  @Test
  void eachConditionIsDividedByTheBetterOfTheTwoBaselines() {
    ScenarioResult r = report(condition("fresh tables", 10_000, 10_000, null, null));

    Figure f = figure(r, "acknowledged and recorded ÷ WxJava baseline, fresh tables");
    // 10,000 in 2 s = 5,000/s against the better baseline, 1,250/s: 4×
    assertThat(f.value()).startsWith("4.00× (5,000 req/s; 10,000 acknowledged, all recorded");
    assertThat(f.target()).isEqualTo("≥ 4.00×");
    assertThat(f.met()).isTrue();
    assertThat(figure(r, "WxJava baseline").value())
        .isEqualTo("1,000 req/s (p99 9.00 ms) / 1,250 req/s (p99 9.00 ms)");
  }

  @Test
  void aCallbackAcknowledgedButNotRecordedMissesTheTargetWhateverTheRate() {
    ScenarioResult r = report(condition("fresh tables", 20_000, 19_999, null, null));

    Figure f = figure(r, "acknowledged and recorded ÷ WxJava baseline");
    assertThat(f.value()).contains("1 of them NOT recorded");
    assertThat(f.met()).isFalse();
  }

  @Test
  void belowFourTimesIsMissed() {
    ScenarioResult r = report(condition("fresh tables", 9_000, 9_000, null, null));

    assertThat(figure(r, "acknowledged and recorded").value()).startsWith("3.60×");
    assertThat(r.allMet()).isFalse();
  }

  @Test
  void theFixedRatePhaseOfAConditionHasTheAckP99Target() {
    LoadResult fixed = new LoadResult(500, 5000, 5000, 0, 0, 0, 500, 500, SLOW, 1000);
    ScenarioResult r =
        report(
            condition(
                "20,000-callback backlog draining",
                10_000,
                10_000,
                fixed,
                "20,000 waiting when the closed loop started → 19,000 when it ended"));

    Figure p99 = figure(r, "p99 at 500 req/s (ack), 20,000-callback backlog draining");
    assertThat(p99.value()).isEqualTo("45.0 ms");
    assertThat(p99.target()).isEqualTo("≤ 20.0 ms");
    assertThat(p99.met()).isFalse();
    assertThat(figure(r, "20,000-callback backlog draining").value()).startsWith("20,000 waiting");
  }

  private static RecordedRate.Condition condition(
      String name, long ok, long recorded, LoadResult fixed, String state) {
    return new RecordedRate.Condition(
        name, new ClosedLoopResult(32, 2, ok, 0, 0, 0, FAST), recorded, fixed, state);
  }

  private static ScenarioResult report(RecordedRate.Condition c) {
    ScenarioResult r = new ScenarioResult("wecom-callback", "1. WeCom callback");
    RecordedRate.report(
        r,
        new RecordedRate.Measured(
            List.of(
                new ClosedLoopResult(32, 2, 2_000, 0, 0, 0, FAST),
                new ClosedLoopResult(32, 2, 2_500, 0, 0, 0, FAST)),
            List.of(c)));
    return r;
  }

  private static Figure figure(ScenarioResult r, String nameStart) {
    return r.figures().stream()
        .filter(f -> f.name().startsWith(nameStart))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no figure " + nameStart + " in " + r.figures()));
  }
}
