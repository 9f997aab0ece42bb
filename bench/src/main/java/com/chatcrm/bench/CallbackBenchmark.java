package com.chatcrm.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Scenarios 1 and 2, one platform each: 跟进 callbacks at a fixed 500 req/s, then stepped up to the
 * highest rate that holds p99 ≤ 100 ms, checked against what was persisted, and measured against
 * the bare HTTP and bare database ceilings in the same run.
 */
final class CallbackBenchmark {

  static final int FIXED_RATE = 500;
  static final double P99_LIMIT_MS = 100;
  static final double P99_TARGET_MS = 20;
  static final double DB_CEILING_SHARE = 0.40;
  private static final int[] SERVICE_RATES = {
    50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000
  };
  private static final int[] BARE_RATES = {1000, 2000, 4000, 6000, 8000, 12000, 16000};

  private CallbackBenchmark() {}

  static ScenarioResult run(BenchRun run, Scenario scenario, CallbackLoad.Platform platform)
      throws Exception {
    ScenarioResult result = ScenarioResult.of(scenario);
    String p = platform.id;
    double fixedSeconds = run.scaled(30, 10);
    double stepSeconds = run.scaled(10, 5);
    LoadResult fixed;
    List<CallbackLoad.Step> steps;
    long acked;
    long persisted;
    long recorded;
    double fixedDrain;
    double persistedRate;
    long failedCallbacks;
    int targets;
    String inServer;
    String machineLoad;
    ProcessingCpu.Reading cost;
    double insertCeiling;
    String autovacuum;
    LoadResult bareFixedSeen = null;
    RecordedRate.Measured againstWxJava = null;
    try (CallbackLoad load = CallbackLoad.start(run, platform, "crm_bench_" + p, p + "-server")) {
      targets = load.targetCount();
      // a node fresh from start runs its first seconds interpreted: not what 500 req/s should be
      // measured on
      LoadResult warm = load.phase(p + "-warmup", 200, run.scaled(15, 6));
      load.drain(Duration.ofSeconds(30));
      long before = load.chatFollowUps();

      ServerMetrics m0 = ServerMetrics.scrape(load.server());
      ProcessingCpu.Reading cpu0 = load.cpu();
      fixed = load.phase(p + "-fixed-" + FIXED_RATE, FIXED_RATE, fixedSeconds);
      ServerMetrics m1 = ServerMetrics.scrape(load.server());
      String route =
          platform == CallbackLoad.Platform.WECOM ? "/callback/wecom/" : "/callback/dingtalk/";
      inServer =
          String.format(
              Locale.ROOT,
              "%s in the node (its own timer); waits for a connection: %s"
                  + " (callback intake pool), %s (main pool)",
              BenchFormat.ms(
                  m1.meanMsSince(
                      m0, "vertx_http_server_response_time_seconds", "route=\"" + route)),
              BenchFormat.ms(
                  m1.meanMsSince(
                      m0, "vertx_pool_queue_time_seconds", "pool_name=\"crm-db-intake\"")),
              BenchFormat.ms(
                  m1.meanMsSince(m0, "vertx_pool_queue_time_seconds", "pool_name=\"crm-db\"")));
      fixedDrain = load.drain(Duration.ofSeconds(30));
      long fixedPersisted = load.chatFollowUps() - before;
      cost = cpuPerFollowUp(load.cpu().minus(cpu0), fixedPersisted);
      // persisted follow-ups over the time from the first callback to the inbox being empty again
      persistedRate =
          fixedDrain < 0
              ? 0
              : fixedPersisted
                  / (CallbackLoad.warmupSeconds(fixedSeconds) + fixedSeconds + fixedDrain);

      steps =
          load.steps(
              p + "-step", load.server().port(), SERVICE_RATES, stepSeconds, P99_LIMIT_MS, true);
      load.drain(Duration.ofSeconds(30));
      acked =
          warm.acknowledged()
              + fixed.acknowledged()
              + steps.stream().mapToLong(r -> r.load().acknowledged()).sum();
      persisted = load.chatFollowUps();
      recorded = load.recordedCallbacks();
      failedCallbacks = load.failedCallbacks();
      machineLoad = load.loadAverages();
      autovacuum = load.autovacuum();

      int barePort = BenchRun.freePort();
      JavaProcess bare = load.startBareServer(barePort);
      try {
        load.phase("bare-" + p + "-warmup", barePort, 1000, run.scaled(5, 3));
        LoadResult bareFixed =
            load.phase("bare-" + p + "-fixed-" + FIXED_RATE, barePort, FIXED_RATE, fixedSeconds);
        List<CallbackLoad.Step> bareSteps =
            load.steps(
                "bare-" + p + "-step", barePort, BARE_RATES, stepSeconds, P99_LIMIT_MS, false);
        bareFixedSeen = bareFixed;
        insertCeiling = BareDatabaseCeiling.insertsPerSecond(run, run.scaled(20_000, 5_000));
        report(result, fixed, steps, bareFixed, bareSteps, insertCeiling);
      } finally {
        bare.close();
      }
      if (platform == CallbackLoad.Platform.WECOM) {
        // last: its closed loops leave backlogs and its prefill leaves millions of rows
        againstWxJava = RecordedRate.measure(run, load, p, fixedSeconds);
        machineLoad = load.loadAverages();
      }
    }
    if (againstWxJava != null) {
      RecordedRate.report(result, againstWxJava);
    }
    result.info("mean ack time at 500 req/s", inServer);
    // a request the generator gave up on (timeout) may still have been recorded and processed: the
    // check is that
    // every recorded callback, and so every acknowledged one, became a follow-up
    result
        .target(
            "follow-ups persisted / callbacks recorded / acknowledged (2xx)",
            BenchFormat.count(persisted)
                + " / "
                + BenchFormat.count(recorded)
                + " / "
                + BenchFormat.count(acked),
            "all",
            persisted == recorded && recorded >= acked)
        .info(
            "inbox drained after the 500 req/s phase",
            fixedDrain < 0
                ? "stopped shrinking for 30 s"
                : BenchFormat.seconds(fixedDrain) + " after the last callback")
        .info(
            "follow-ups persisted per second at 500 req/s (incl. drain)",
            BenchFormat.rate(persistedRate, "/s"))
        .info(
            "CPU per callback at 500 req/s, acknowledged and processed (node / its PostgreSQL sessions)",
            cpuText(cost))
        .info(
            "callbacks/s " + CORES + " cores can process at that cost, with nothing else running",
            capacityText(cost))
        .info("callbacks retried or failed", BenchFormat.count(failedCallbacks));
    result.info("machine load average (1 min) at the end of the phases", machineLoad);
    if (autovacuum != null) {
      result.info("autovacuum", autovacuum);
    }
    // written when the node stopped, i.e. covering the whole scenario
    JfrProfile.summary(run.resultsDir().resolve(p + "-server.jfr"))
        .ifPresent(
            profile ->
                result.info(
                    "where the node's CPU went (JFR, self time; " + p + "-server.jfr)", profile));
    result.note(method(run, platform, targets, fixedSeconds, stepSeconds));
    if (againstWxJava != null) {
      result.note(RecordedRate.method(run, fixedSeconds));
    }
    if (!result.allMet()) {
      result.note(whyMissed(bareFixedSeen, machineLoad, cost, insertCeiling));
    }
    return result;
  }

  private static void report(
      ScenarioResult result,
      LoadResult fixed,
      List<CallbackLoad.Step> steps,
      LoadResult bareFixed,
      List<CallbackLoad.Step> bareSteps,
      double insertCeiling) {
    int max = CallbackLoad.maxHeld(steps, P99_LIMIT_MS);
    int bareMax = CallbackLoad.maxHeld(bareSteps, P99_LIMIT_MS);
    boolean bareCapped = bareSteps.stream().allMatch(r -> r.held(P99_LIMIT_MS));
    result
        .info("p50 at 500 req/s (ack)", BenchFormat.ms(fixed.latencies().p50Ms()))
        .info("p95 at 500 req/s (ack)", BenchFormat.ms(fixed.latencies().p95Ms()))
        .target(
            "p99 at 500 req/s (ack)",
            BenchFormat.ms(fixed.latencies().p99Ms()),
            "≤ 20 ms",
            fixed.latencies().p99Ms() <= P99_TARGET_MS && fixed.failures() == 0)
        .info("failed at 500 req/s", fixed.failures() + " of " + BenchFormat.count(fixed.sent()))
        .info(
            "max sustained rate (p99 ≤ 100 ms, no failures, processing keeping pace)",
            held(max, SERVICE_RATES))
        .info(
            "steps (callbacks still in the inbox when the step's load ended)",
            steps.stream().map(CallbackLoad.Step::summary).collect(Collectors.joining(", ")))
        .info(
            "bare HTTP ceiling: p50 / p99 at 500 req/s",
            BenchFormat.ms(bareFixed.latencies().p50Ms())
                + " / "
                + BenchFormat.ms(bareFixed.latencies().p99Ms()))
        .info(
            "p99 at 500 req/s ÷ bare HTTP",
            BenchFormat.ratio(
                fixed.latencies().p99Ms() / Math.max(0.001, bareFixed.latencies().p99Ms())))
        .info("bare HTTP ceiling: max rate", (bareCapped ? "≥ " : "") + held(bareMax, BARE_RATES))
        .info("max rate ÷ bare HTTP max", BenchFormat.ratio(max / (double) Math.max(1, bareMax)))
        .info(
            "bare database ceiling (single-row inserts, pool of 8)",
            BenchFormat.rate(insertCeiling, "inserts/s"))
        .target(
            "max rate ÷ bare database ceiling",
            BenchFormat.percent(max / insertCeiling),
            "≥ 40%",
            max >= DB_CEILING_SHARE * insertCeiling);
  }

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /**
   * CPU milliseconds per follow-up; the database part negative when its sessions are not local
   * processes.
   */
  private static ProcessingCpu.Reading cpuPerFollowUp(ProcessingCpu.Reading spent, long followUps) {
    long n = Math.max(1, followUps);
    return new ProcessingCpu.Reading(
        spent.nodeMillis() / n, spent.databaseMillis() < 0 ? -1 : spent.databaseMillis() / n);
  }

  private static String cpuText(ProcessingCpu.Reading cost) {
    return BenchFormat.ms(cost.nodeMillis())
        + " / "
        + (cost.databaseMillis() < 0
            ? "not measured (remote database)"
            : BenchFormat.ms(cost.databaseMillis()));
  }

  private static String capacityText(ProcessingCpu.Reading cost) {
    if (cost.databaseMillis() < 0) {
      return "not measured (remote database)";
    }
    double perSecond = CORES * 1000 / Math.max(0.001, cost.nodeMillis() + cost.databaseMillis());
    return BenchFormat.rate(perSecond, "/s");
  }

  /** "1,500 req/s", or "below 250 req/s" when not even the first step held. */
  private static String held(int max, int[] rates) {
    return max > 0
        ? BenchFormat.rate(max, "req/s")
        : "below " + BenchFormat.rate(rates[0], "req/s");
  }

  /** What the run itself shows about a missed target, and what the code was measured to spend. */
  private static String whyMissed(
      LoadResult bareFixed, String machineLoad, ProcessingCpu.Reading cost, double insertCeiling) {
    StringBuilder sb = new StringBuilder("**Where a target is missed.** ");
    if (bareFixed != null && bareFixed.latencies().p99Ms() > P99_TARGET_MS) {
      sb.append(
              "The bare HTTP server, answering the same requests with nothing behind it, had p99 ")
          .append(BenchFormat.ms(bareFixed.latencies().p99Ms()))
          .append(" at 500 req/s in this run (load average ")
          .append(machineLoad)
          .append(
              "): the machine could not hold the target for a trivial server, so these"
                  + " figures do not decide it. ");
    }
    if (cost.databaseMillis() >= 0) {
      double perCallback = cost.nodeMillis() + cost.databaseMillis();
      double share = DB_CEILING_SHARE * insertCeiling;
      sb.append(
              "What bounds the rate is CPU, measured above: acknowledging and processing one 跟进 costs ")
          .append(BenchFormat.ms(perCallback))
          .append(" of CPU (node and its PostgreSQL sessions, from /proc), so ")
          .append(CORES)
          .append(" cores can process at most ")
          .append(capacityText(cost))
          .append(
              " with nothing else running — below the 500 callbacks/s of the fixed phase, which therefore runs")
          .append(" with a growing backlog, and far below 40% of the bare insert ceiling (")
          .append(BenchFormat.rate(share, "/s"))
          .append(", which would leave ")
          .append(BenchFormat.ms(CORES * 1000 / Math.max(1, share)))
          .append(
              " of CPU per callback: the ceiling's unit of work is one single-row insert, a 跟进 is a signed,")
          .append(
              " encrypted HTTP callback, the command parsed, the customer found by name, the follow-up written")
          .append(
              " with its audit entry and the customer's recency, the reply remembered, queued and sent — about")
          .append(" 16 statements). ");
    }
    return sb.append(
            "Measured and fixed while building this benchmark: inbox and outbox claims sorted the whole"
                + " backlog (39 ms per claim at 7,700 pending; now an index scan, 0.09 ms); acknowledgements queued for"
                + " connections held by processing (now an intake pool of their own); processing waited for a WAL flush on"
                + " each of its commits (it now commits asynchronously on a pool of its own, safe because the inbox row is"
                + " durable and the work is redone after a crash); each acknowledgement waited for a connection and a WAL"
                + " flush of its own (callbacks arriving together now share one insert and one commit, which took a quick"
                + " run's p99 from 2.2 s to 0.25 s); PostgreSQL spent 17 of a 跟进's 24 ms of statement time parsing and"
                + " planning (the statement log; connections now keep statements prepared: its CPU per follow-up went from"
                + " 20 to 11 ms); the node read the tenant three times, the sender's access three times and built an XML"
                + " parser per callback (now cached or reused: node CPU per follow-up 15 → 11 ms); a 跟进 ran the customer"
                + " search's two statements planned per call, looked up its message before writing and read the follow-up"
                + " back (now one prepared lookup of the exact name, the unique index, and the values written: PostgreSQL"
                + " CPU per follow-up 8–9 → 5.2 ms in a probe of 3,000 callbacks); and the load generator's own cold"
                + " start had been charged to the server (a bare server's p99 at 500 req/s was 0.8–1.2 s in earlier runs,"
                + " under 10 ms once each generator warms up against a sink of its own). And processing now"
                + " makes room for acknowledgements: while recording callbacks takes over twice as long as it lately took"
                + " at its quickest (and over 2 ms), it takes events one at a time and rests 100 ms between them, until"
                + " recording has been quick again for a second, so a backlog is worked through with what the"
                + " acknowledgements leave (WeCom, ack p99 at 500 req/s: 564 ms in run 20261203-141703, when processing"
                + " only took fewer events at a time; 24.8 ms in 20261203-170349, halving down to one and resting 50 ms;"
                + " on an AMD EPYC machine 23.7 ms in 20261204-163915, climbing back one event per drain as soon as"
                + " recording was quick, 12.4 ms holding one at a time until it had been quick for a second, at the cost"
                + " of a slower drain and a lower sustained rate). What is left per 跟进 is the work itself.")
        .toString();
  }

  private static String method(
      BenchRun run,
      CallbackLoad.Platform platform,
      int targets,
      double fixedSeconds,
      double stepSeconds) {
    String what =
        platform == CallbackLoad.Platform.WECOM
            ? "an encrypted and signed WeCom text callback (AES-256-CBC + SHA-1 signature, as WeCom sends them)"
            : "a DingTalk robot callback signed with the app secret (timestamp/sign headers), its session webhook"
                + " already expired so the reply goes through the OpenAPI";
    return String.format(
        Locale.ROOT,
        "Each request is %s saying `跟进 <customer> %s` from one of %d (member, customer they own) pairs of the"
            + " sandbox company, with a unique message id. Load comes from a separate JVM (open model: requests"
            + " leave on schedule whatever the answers; latency from each request's intended send time, HdrHistogram),"
            + " over loopback; each generator first runs the same schedule for 8 s against a sink of its own, since a"
            + " cold generator sent its first seconds up to 5 s late and its clock charged that to the server. \"ack\""
            + " is the callback's answer, which comes after the message is durably in the inbox; the follow-up is"
            + " written by the inbox processor right after, so persistence is checked by counting follow-ups once"
            + " the inbox is empty. Phases: warm-up, %s at 500 req/s, then steps of %s"
            + " (waiting for the inbox between steps) until one misses p99 ≤ 100 ms, fails, or leaves more than a"
            + " second's callbacks unprocessed in the inbox (acknowledged but not kept pace with). The bare HTTP"
            + " ceiling is the same requests against a minimal Vert.x server answering the same size; the bare"
            + " database ceiling is single-row inserts through vertx-pg-client (pool of 8) on the same PostgreSQL. Raw"
            + " results: `%s-*.json`, percentile tables `*-percentiles.txt`.%s",
        what,
        CallbackRequests.NOTE,
        targets,
        BenchFormat.seconds(fixedSeconds),
        BenchFormat.seconds(stepSeconds),
        platform.id,
        run.quick() ? " Quick run: shorter phases." : "");
  }
}
