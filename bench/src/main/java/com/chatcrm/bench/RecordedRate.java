package com.chatcrm.bench;

import java.util.List;
import java.util.Locale;

/**
 * Scenario 1's acknowledged-and-recorded rate against an in-repo WxJava baseline (issue 24's target
 * ≥ 4×), in three conditions of the same run: (a) the scenario's tables as its earlier phases left
 * them, (b) tables holding months of past callbacks, (c) a backlog of callbacks waiting in the
 * inbox while processing works on it. Each is a closed loop of {@value #CONNECTIONS} connections
 * against the service, and the WxJava baseline is measured the same way before and after them.
 */
final class RecordedRate {

  static final int CONNECTIONS = 32;
  private static final int FIXED = CallbackBenchmark.FIXED_RATE;
  static final double TARGET_RATIO = 4;

  /**
   * One condition: its closed loop, how many of the callbacks acknowledged in it have an inbox row,
   * and its phase at the fixed rate (null when it has none).
   *
   * @param state what the tables held, or how the backlog went
   */
  record Condition(
      String name, ClosedLoopResult load, long recorded, LoadResult fixed, String state) {

    Condition with(LoadResult fixedPhase, String what) {
      return new Condition(name, load, recorded, fixedPhase, what);
    }

    /** Callbacks acknowledged (2xx) and recorded, per second. */
    double recordedRate() {
      return load.seconds() <= 0 ? 0 : Math.min(recorded, load.ok()) / load.seconds();
    }
  }

  /** The WxJava baseline's closed loops (before and after the conditions) and the conditions. */
  record Measured(List<ClosedLoopResult> baselines, List<Condition> conditions) {

    /** The better baseline: each ratio is against the harder of the two to beat. */
    double baselineRate() {
      return baselines.stream().mapToDouble(ClosedLoopResult::okRate).max().orElse(0);
    }
  }

  private RecordedRate() {}

  /**
   * Runs the conditions against {@code load}'s node, the baseline on a port of its own: (a), then
   * (c) while the tables are still small, then (b), whose rows stay.
   */
  static Measured measure(BenchRun run, CallbackLoad load, String p, double fixedSeconds)
      throws Exception {
    CallbackTables tables = new CallbackTables(load.database());
    double warmup = run.scaled(5, 3);
    double seconds = run.scaled(20, 8);
    int wxPort = BenchRun.freePort();
    JavaProcess wx = load.startWxJavaBaseline(wxPort);
    try {
      ClosedLoopResult before =
          load.closedLoop("wxjava-closed-before", wxPort, CONNECTIONS, warmup, seconds);

      tables.markDone(-1);
      String fresh = tables.rowCounts();
      Condition a =
          closed(load, tables, p + "-closed-fresh", "fresh tables", warmup, seconds)
              .with(null, fresh);
      tables.markDone(-1);

      long backlog = run.scaled(100_000, 20_000);
      tables.backlog(backlog, load.targets());
      long atStart = tables.pending();
      Condition c =
          closed(
              load,
              tables,
              p + "-closed-backlog",
              BenchFormat.count(backlog) + "-callback backlog draining",
              warmup,
              seconds);
      long afterClosed = tables.pending();
      tables.backlog(backlog, load.targets());
      long atFixed = tables.pending();
      LoadResult fixedC = load.phase(p + "-backlog-fixed-" + FIXED, FIXED, fixedSeconds);
      c =
          c.with(
              fixedC,
              String.format(
                  Locale.ROOT,
                  "%s waiting when the closed loop started → %s when it ended; %s → %s over the"
                      + " %d req/s phase (its generator's warm-up included)",
                  BenchFormat.count(atStart),
                  BenchFormat.count(afterClosed),
                  BenchFormat.count(atFixed),
                  BenchFormat.count(tables.pending()),
                  FIXED));
      tables.markDone(-1);

      long pastRows = run.scaled(3_000_000, 300_000);
      long t0 = System.nanoTime();
      tables.prefill(pastRows);
      String past =
          tables.rowCounts()
              + String.format(
                  Locale.ROOT, " (added by SQL in %.0f s)", (System.nanoTime() - t0) / 1e9);
      LoadResult fixedB = load.phase(p + "-past-fixed-" + FIXED, FIXED, fixedSeconds);
      tables.markDone(-1);
      Condition b =
          closed(
                  load,
                  tables,
                  p + "-closed-past",
                  BenchFormat.count(pastRows) + " past callbacks in the tables",
                  warmup,
                  seconds)
              .with(fixedB, past);
      tables.markDone(-1);

      ClosedLoopResult after =
          load.closedLoop("wxjava-closed-after", wxPort, CONNECTIONS, warmup, seconds);
      return new Measured(List.of(before, after), List.of(a, b, c));
    } finally {
      wx.close();
    }
  }

  private static Condition closed(
      CallbackLoad load,
      CallbackTables tables,
      String label,
      String name,
      double warmup,
      double seconds)
      throws Exception {
    ClosedLoopResult r = load.closedLoop(label, load.server().port(), CONNECTIONS, warmup, seconds);
    return new Condition(name, r, tables.recorded(load.keysOf(label)), null, null);
  }

  /** The figures: the baseline, then each condition's ratio to it (target) and its p99 phase. */
  static void report(ScenarioResult result, Measured m) {
    double base = m.baselineRate();
    result.info(
        "WxJava baseline (verify + decrypt + parse, Vert.x HTTP, nothing stored): 2xx/s, "
            + CONNECTIONS
            + " connections, before / after the conditions",
        m.baselines().stream()
            .map(
                b ->
                    BenchFormat.rate(b.okRate(), "req/s")
                        + " (p99 "
                        + BenchFormat.ms(b.latencies().p99Ms())
                        + ")")
            .reduce((x, y) -> x + " / " + y)
            .orElse("not measured"));
    for (Condition c : m.conditions()) {
      long lost = c.load().ok() - Math.min(c.recorded(), c.load().ok());
      double ratio = base <= 0 ? 0 : c.recordedRate() / base;
      result.target(
          "acknowledged and recorded ÷ WxJava baseline, " + c.name(),
          String.format(
              Locale.ROOT,
              "%s (%s; %s acknowledged, %s; p99 %s%s)",
              BenchFormat.ratio(ratio),
              BenchFormat.rate(c.recordedRate(), "req/s"),
              BenchFormat.count(c.load().ok()),
              lost == 0 ? "all recorded" : BenchFormat.count(lost) + " of them NOT recorded",
              BenchFormat.ms(c.load().latencies().p99Ms()),
              c.load().failures() > 0
                  ? ", " + BenchFormat.count(c.load().failures()) + " failed"
                  : ""),
          "≥ " + BenchFormat.ratio(TARGET_RATIO),
          lost == 0 && ratio >= TARGET_RATIO);
      if (c.fixed() != null) {
        result.target(
            "p99 at " + FIXED + " req/s (ack), " + c.name(),
            BenchFormat.ms(c.fixed().latencies().p99Ms())
                + (c.fixed().failures() > 0 ? " (" + c.fixed().failures() + " failed)" : ""),
            "≤ " + BenchFormat.ms(CallbackBenchmark.P99_TARGET_MS),
            c.fixed().latencies().p99Ms() <= CallbackBenchmark.P99_TARGET_MS
                && c.fixed().failures() == 0);
      }
      if (c.state() != null) {
        result.info(c.name(), c.state());
      }
    }
  }

  /** How it was measured, for the scenario's notes. */
  static String method(BenchRun run, double fixedSeconds) {
    return String.format(
        Locale.ROOT,
        "**Acknowledged and recorded vs WxJava.** The WxJava baseline (`WxJavaBaseline`) is a minimal"
            + " handler in a JVM of its own on the same machine: for each callback WxJava's"
            + " `WxCpXmlMessage.fromEncryptedXml` checks the msg_signature, decrypts the message and parses it"
            + " with the sandbox company's token, EncodingAESKey and corp id, answers `success` and stores"
            + " nothing. It is served by Vert.x HTTP, as the service is, so that the comparison is about the"
            + " work behind the answer, not the HTTP stack. Both are driven by a closed loop"
            + " (`ClosedLoopGenerator`, a JVM of its own): %d connections, each sending its next callback as"
            + " soon as the answer to its last arrives, %s unmeasured then %s measured; the same signed and"
            + " encrypted 跟进 callbacks. For the service only callbacks that were acknowledged (2xx) in the"
            + " measured seconds and have an inbox row (looked up by their message ids) are counted. The"
            + " baseline is measured before and after the service's conditions, and each ratio is against the"
            + " better of the two. Conditions, on the scenario's node and database after its other phases:"
            + " (a) fresh tables; (b) %s past callbacks added by SQL (copies of the ones the earlier phases"
            + " wrote: follow-ups, processed inbox events, sent outbox replies and audit entries over the last"
            + " %d days, command replies of the last %d), then VACUUM (ANALYZE) and a checkpoint; (c) a backlog"
            + " of %s callbacks recorded by SQL in the form the WeCom route records them (topped up before each"
            + " phase) while processing works on them, run before (b) on the smaller tables. (b) and (c) also"
            + " run %s at %d req/s (open model) for the acknowledgement's p99. A closed loop's callbacks arrive far faster than they are"
            + " processed; what is still waiting after one is set aside as processed by SQL so that the next"
            + " condition starts with the backlog it names (processing is measured by the phases above).",
        CONNECTIONS,
        BenchFormat.seconds(run.scaled(5, 3)),
        BenchFormat.seconds(run.scaled(20, 8)),
        BenchFormat.count(run.scaled(3_000_000, 300_000)),
        CallbackTables.PAST_DAYS,
        CallbackTables.REPLY_DAYS,
        BenchFormat.count(run.scaled(100_000, 20_000)),
        BenchFormat.seconds(fixedSeconds),
        FIXED);
  }
}
