package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 10. A re-delivery storm after an outage — 240,000 WeCom 跟进 callbacks already in the
 * inbox when the nodes come back ({@link StormBacklog}) — drained by 1, 2 and 3 nodes of the
 * packaged service on one PostgreSQL, each node pinned to its share of the CPUs; then a fixed
 * open-model load split across the nodes; then what the database says was done, and how often
 * ({@link ScaleOutRound}).
 */
public final class ScaleOutScenario implements Scenario {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleOutScenario.class);

  /** The rounds' node counts; {@code BENCH_SCALEOUT_NODES=1} (say) runs only those rounds. */
  static final int[] NODE_COUNTS = nodeCounts(System.getenv("BENCH_SCALEOUT_NODES"));

  /** "1 / 2 / 3 nodes", as the report's labels name the rounds. */
  static final String ROUNDS =
      Arrays.stream(NODE_COUNTS).mapToObj(Integer::toString).collect(Collectors.joining(" / "))
          + (NODE_COUNTS.length == 1 && NODE_COUNTS[0] == 1 ? " node" : " nodes");

  /** The target: 240,000 in 4 minutes, i.e. 1,000 a second. */
  static final int TARGET_PER_SECOND = 1000;

  static final double CPU_TARGET_MS = 1.5;
  static final int LOAD_RATE = 500;

  @Override
  public String id() {
    return "scale-out";
  }

  @Override
  public String title() {
    return "10. Scale-out (a 240,000-callback backlog drained by 1, 2 and 3 nodes on one database)";
  }

  @Override
  public ScenarioResult run(BenchRun run) throws Exception {
    int backlog = run.scaled(240_000, 24_000);
    // the target's time for this backlog; a round stops waiting at its bound and says what was
    // left
    double targetSeconds = backlog / (double) TARGET_PER_SECOND;
    Duration bound =
        Duration.ofSeconds(envInt("BENCH_SCALEOUT_BOUND_SECONDS", run.scaled(240, 60)));
    double loadSeconds = run.scaled(30, 10);
    String name = System.getenv().getOrDefault("BENCH_SCALEOUT_DB", "crm_bench_scaleout");
    String template = name + "_backlog";
    List<Integer> ports = ports();
    List<String> cpus = allowedCpus();
    boolean pinned = cpus != null && onPath("taskset");

    Path targets;
    int pairs;
    StormBacklog.Recorded storm;
    DatabaseLocation seed = run.database().fresh(template);
    List<ScaleOutRound.Result> rounds = new ArrayList<>();
    try {
      try (ServerProcess node =
          ServerProcess.start(run, "scale-out-seed", seed, ports.get(0), Map.of())) {
        // the sandbox companies and their demo data, written once and copied for every round
        node.awaitUp(Duration.ofMinutes(3));
        List<CallbackRequests.Target> owned =
            CallbackRequests.Target.owned(
                seed, CallbackLoad.Platform.WECOM.id, CallbackLoad.Platform.WECOM.corpId);
        pairs = owned.size();
        targets = run.saveRaw("scale-out-targets.tsv", CallbackRequests.Target.write(owned));
        node.close();
        try (Connection c = BenchDatabase.connect(seed)) {
          storm = StormBacklog.record(c, owned, backlog);
        }
      }
      LOG.info(
          "scale-out: {} callbacks recorded in {} s; rounds stop waiting after {}",
          storm.count(),
          String.format(Locale.ROOT, "%.1f", storm.seconds()),
          bound);

      for (int nodes : NODE_COUNTS) {
        DatabaseLocation db = run.database().copyOf(name, template);
        List<String> share = new ArrayList<>();
        for (int k = 0; k < nodes; k++) {
          share.add(pinned ? share(k, nodes, cpus) : null);
        }
        System.out.println("bench:   scale-out: " + nodes + " node(s) on CPUs " + share);
        ScaleOutRound.Result r =
            new ScaleOutRound(run, db, storm, targets)
                .run(nodes, share, ports, bound, LOAD_RATE, loadSeconds);
        rounds.add(r);
        System.out.println("bench:   scale-out: " + summary(r));
      }
    } finally {
      run.database().drop(template);
    }
    run.saveRaw(
        "scale-out.json",
        new JsonObject()
            .put("backlog", backlog)
            .put("pairs", pairs)
            .put("recordSeconds", storm.seconds())
            .put("boundSeconds", bound.toSeconds())
            .put("rounds", new JsonArray(rounds.stream().map(r -> r.toJson()).toList())));
    return report(run, rounds, backlog, pairs, storm, targetSeconds, bound, loadSeconds, pinned);
  }

  private ScenarioResult report(
      BenchRun run,
      List<ScaleOutRound.Result> rounds,
      int backlog,
      int pairs,
      StormBacklog.Recorded storm,
      double targetSeconds,
      Duration bound,
      double loadSeconds,
      boolean pinned) {
    double oneNode = rounds.get(0).rate();
    ScenarioResult r =
        ScenarioResult.of(this)
            .info(
                "backlog",
                BenchFormat.count(backlog)
                    + " WeCom 跟进 text callbacks from "
                    + pairs
                    + " (member, customer they own) pairs, in the inbox before any node starts"
                    + " (recorded in "
                    + BenchFormat.seconds(storm.seconds())
                    + ")")
            .info(
                "CPUs of each node (taskset), " + ROUNDS,
                pinned
                    ? each(rounds, x -> String.join(" | ", x.cpus()))
                    : "not pinned (no taskset)")
            .info(
                "launch → all nodes up, " + ROUNDS,
                each(rounds, x -> BenchFormat.seconds(x.upSeconds())))
            .target(
                "backlog drained: launch → inbox empty, " + ROUNDS,
                each(rounds, ScaleOutScenario::drainText),
                "≤ "
                    + minutes(targetSeconds)
                    + (run.quick() ? " (the 240,000-in-4-min pace)" : "")
                    + " each",
                all(rounds, x -> x.drained() && x.drainSeconds() <= targetSeconds))
            .target(
                "processed/s sustained (first → last event done), " + ROUNDS,
                each(rounds, x -> BenchFormat.rate(x.rate(), "/s")),
                "≥ 1,000/s each",
                all(rounds, x -> x.rate() >= TARGET_PER_SECOND))
            .info(
                "processed/s in the 5 s windows while draining (min / median / max), " + ROUNDS,
                each(rounds, ScaleOutScenario::windows))
            .info(
                "drain rate ÷ the first round's, " + ROUNDS,
                each(rounds, x -> BenchFormat.ratio(x.rate() / Math.max(1e-9, oneNode))))
            .target(
                "CPU per processed 跟进, nodes + their PostgreSQL sessions, " + ROUNDS,
                each(rounds, ScaleOutScenario::cpuText),
                "≤ 1.5 ms each",
                all(
                    rounds,
                    x ->
                        x.cpuPerEvent().databaseMillis() >= 0
                            && x.cpuPerEvent().nodeMillis() + x.cpuPerEvent().databaseMillis()
                                <= CPU_TARGET_MS))
            .target(
                "follow-ups persisted / inbox events done (after the load too); duplicated; done without one;"
                    + " of events pending at the stop, "
                    + ROUNDS,
                each(
                    rounds,
                    x ->
                        BenchFormat.count(x.checks().followUps())
                            + " / "
                            + BenchFormat.count(x.checks().done())
                            + "; "
                            + x.checks().duplicated()
                            + "; "
                            + x.checks().doneWithoutFollowUp()
                            + "; "
                            + x.checks().ofPendingEvents()),
                "each done event's follow-up exactly once",
                all(rounds, x -> x.checks().exactlyOnce()))
            .target(
                "inbox events claimed twice (attempts > 1) / failed / with an error, " + ROUNDS,
                each(
                    rounds,
                    x ->
                        x.checks().claimedTwice()
                            + " / "
                            + x.checks().failed()
                            + " / "
                            + x.checks().withError()),
                "0",
                all(rounds, x -> x.checks().clean()))
            .info(
                LOAD_RATE
                    + " req/s for "
                    + BenchFormat.seconds(loadSeconds)
                    + " split across the nodes: ack p50 / p99 (failed), "
                    + ROUNDS,
                each(rounds, ScaleOutScenario::ackText))
            .info(
                "… processed/s while it ran; inbox backlog left at its end, " + ROUNDS,
                each(
                    rounds,
                    x ->
                        BenchFormat.rate(x.loadProcessedPerSecond(), "/s")
                            + "; "
                            + BenchFormat.count(x.loadBacklogLeft())))
            .info(
                "machine load average (1 min) at the end of each round",
                each(rounds, x -> String.format(Locale.ROOT, "%.1f", x.loadAverage())));
    r.note(method(run, backlog, bound, loadSeconds, rounds));
    r.note(twoCores());
    return r;
  }

  private static String method(
      BenchRun run,
      int backlog,
      Duration bound,
      double loadSeconds,
      List<ScaleOutRound.Result> rounds) {
    String timelines =
        rounds.stream()
            .map(
                x ->
                    x.nodes()
                        + (x.nodes() == 1 ? " node: " : " nodes: ")
                        + x.timeline().stream()
                            .map(
                                n ->
                                    Long.toString(
                                        Math.round(n / (double) ScaleOutRound.WINDOW_SECONDS)))
                            .collect(Collectors.joining(" ")))
            .collect(Collectors.joining("; "));
    return String.format(
        Locale.ROOT,
        "The backlog is what a re-delivery storm after an outage leaves: %s WeCom 跟进 text callbacks from the sandbox"
            + " company's (member, customer they own) pairs in turn, each built by the gateway's simulator (signed and"
            + " encrypted), opened by the gateway's own crypto and XML parser and written as the callback handler"
            + " records it (key, kind, sender, payload with the plaintext), with COPY into the inbox of a database"
            + " seeded by one node of the packaged service (dev profile) and then stopped: the HTTP path would need a"
            + " node that records without processing, which the service does not have, and would take minutes of a"
            + " 2-core machine for rows the same code writes. Each round copies that database, launches 1, 2 or 3"
            + " nodes together (dev profile, pool 8 per node, each pinned with taskset), and polls the inbox until it"
            + " is empty or %s have passed since all nodes were up (then: not drained, N left). CPU per 跟进 is read from /proc for the nodes"
            + " and the PostgreSQL sessions connected to the database, from all nodes up to the inbox empty, divided by"
            + " the events done in between (so it includes each fresh node's JIT warm-up, as a restart after an"
            + " outage does; a quick run's small backlog is dominated by it); the drain rate and the per-5-s timeline come from the events'"
            + " processed_at. Then %s req/s of the same callbacks for %s from an open-model generator in its own JVM,"
            + " requests going to the nodes' ports in turn. With the nodes stopped, every follow-up from chat is"
            + " matched to its inbox event (source message id = inbox key), and the inbox rows' attempts, status and"
            + " errors counted. Processed/s per 5 s from the launch — %s. Raw results: `scale-out.json`,"
            + " `scale-out-*n-%d.json`.%s",
        BenchFormat.count(backlog),
        minutes(bound.toSeconds()),
        LOAD_RATE,
        BenchFormat.seconds(loadSeconds),
        timelines,
        LOAD_RATE,
        run.quick() ? " Quick run: a tenth of the backlog, shorter bound and load." : "");
  }

  private static String twoCores() {
    return "**What 2 cores can and cannot show.** The nodes and PostgreSQL share the machine's "
        + Runtime.getRuntime().availableProcessors()
        + " cores (one node: both; two: one each; three: 0, 1 and 0 again), PostgreSQL unpinned, so"
        + " more nodes add no CPU: these rounds measure coordination — every event done once, claims not"
        + " colliding (attempts > 1 would show an event taken twice), no failures, and throughput not collapsing"
        + " as nodes are added — not linear speed-up, which needs a core per node and a database with room to"
        + " spare. Other work on the shared machine shows in the load averages.";
  }

  private static String summary(ScaleOutRound.Result r) {
    return r.nodes()
        + " node(s): "
        + drainText(r)
        + ", "
        + BenchFormat.rate(r.rate(), "/s")
        + ", CPU "
        + cpuText(r)
        + ", ack "
        + ackText(r)
        + ", checks "
        + r.checks().toJson().encode();
  }

  private static String ackText(ScaleOutRound.Result r) {
    LoadResult l = r.load();
    if (l == null) {
      return "not measured (the generator did not finish)";
    }
    return BenchFormat.ms(l.latencies().p50Ms())
        + " / "
        + BenchFormat.ms(l.latencies().p99Ms())
        + (l.failures() > 0 ? " (" + BenchFormat.count(l.failures()) + " failed)" : "");
  }

  private static String drainText(ScaleOutRound.Result r) {
    return r.drained()
        ? minutes(r.drainSeconds())
        : "not drained: "
            + BenchFormat.count(r.left())
            + " left "
            + minutes(r.boundSeconds())
            + " after all were up ("
            + minutes(r.drainSeconds())
            + " from launch)";
  }

  private static String cpuText(ScaleOutRound.Result r) {
    ProcessingCpu.Reading c = r.cpuPerEvent();
    if (c.databaseMillis() < 0) {
      return BenchFormat.ms(c.nodeMillis()) + " (node only: remote database)";
    }
    return BenchFormat.ms(c.nodeMillis() + c.databaseMillis())
        + " ("
        + BenchFormat.ms(c.nodeMillis())
        + " + "
        + BenchFormat.ms(c.databaseMillis())
        + ")";
  }

  /** Per-second rates of the 5 s windows from the first with work to the last. */
  private static String windows(ScaleOutRound.Result r) {
    List<Long> t = r.timeline();
    int first = 0;
    while (first < t.size() && t.get(first) == 0) {
      first++;
    }
    if (first >= t.size()) {
      return "-";
    }
    List<Long> active = new ArrayList<>(t.subList(first, t.size()));
    Collections.sort(active);
    Function<Long, String> perSecond =
        n -> String.format(Locale.ROOT, "%,.0f", n / (double) ScaleOutRound.WINDOW_SECONDS);
    return perSecond.apply(active.get(0))
        + " / "
        + perSecond.apply(active.get(active.size() / 2))
        + " / "
        + perSecond.apply(active.get(active.size() - 1));
  }

  private static String minutes(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
  }

  private static String each(
      List<ScaleOutRound.Result> rounds, Function<ScaleOutRound.Result, String> f) {
    return rounds.stream().map(f).collect(Collectors.joining(" · "));
  }

  private static boolean all(List<ScaleOutRound.Result> rounds, Predicate<ScaleOutRound.Result> p) {
    return !rounds.isEmpty() && rounds.stream().allMatch(p);
  }

  /**
   * Node {@code k} of {@code nodes}: an equal block of the CPUs while there are enough, else one
   * CPU each in turn.
   */
  static String share(int k, int nodes, List<String> cpus) {
    if (nodes >= cpus.size()) {
      return cpus.get(k % cpus.size());
    }
    int per = cpus.size() / nodes;
    int to = k == nodes - 1 ? cpus.size() : (k + 1) * per;
    return String.join(",", cpus.subList(k * per, to));
  }

  /** The CPUs this process may run on (Cpus_allowed_list), or null where /proc does not say. */
  private static List<String> allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          List<String> out = new ArrayList<>();
          for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            for (int c = from; c <= to; c++) {
              out.add(Integer.toString(c));
            }
          }
          return out.isEmpty() ? null : out;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the nodes run unpinned
    }
    return null;
  }

  private static boolean onPath(String command) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /**
   * {@code BENCH_SCALEOUT_PORT}: the first of three consecutive ports for the nodes; else free
   * ones.
   */
  private static List<Integer> ports() throws IOException {
    int base = envInt("BENCH_SCALEOUT_PORT", 0);
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < NODE_COUNTS[NODE_COUNTS.length - 1]; k++) {
      out.add(base > 0 ? base + k : BenchRun.freePort());
    }
    return out;
  }

  static int[] nodeCounts(String list) {
    if (list == null || list.isBlank()) {
      return new int[] {1, 2, 3};
    }
    int[] out =
        Arrays.stream(list.split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .sorted()
            .toArray();
    if (out.length == 0 || out[0] < 1 || out[out.length - 1] > 3) {
      throw new IllegalArgumentException("BENCH_SCALEOUT_NODES: 1 to 3 nodes a round, e.g. 1,2,3");
    }
    return out;
  }

  private static int envInt(String name, int otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : Integer.parseInt(v.trim());
  }
}
