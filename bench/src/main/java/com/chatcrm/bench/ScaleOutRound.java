package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of {@link ScaleOutScenario}: {@code nodes} nodes of the packaged service, each pinned
 * to its share of the CPUs, started together on a copy of the database holding the backlog; the
 * backlog drained (or the bound reached), then a fixed open-model load split across their ports,
 * then — with the nodes stopped — what the database says was done, and how often.
 */
final class ScaleOutRound {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleOutRound.class);
  static final int WINDOW_SECONDS = 5;

  /** What a round measured. */
  record Result(
      int nodes,
      List<String> cpus,
      double upSeconds,
      double drainSeconds,
      long left,
      double boundSeconds,
      long stormDone,
      double firstToLastSeconds,
      List<Long> timeline,
      ProcessingCpu.Reading cpuPerEvent,
      long cpuEvents,
      LoadResult load,
      String loadMissing,
      long loadBacklogLeft,
      double loadProcessedPerSecond,
      Checks checks,
      double loadAverage) {

    boolean drained() {
      return left == 0;
    }

    /** Storm events done per second, from the first to the last one done while draining. */
    double rate() {
      return firstToLastSeconds <= 0 ? 0 : stormDone / firstToLastSeconds;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("nodes", nodes)
          .put("cpus", new JsonArray(cpus))
          .put("launchToUpSeconds", upSeconds)
          .put("drainSeconds", drained() ? drainSeconds : null)
          .put("leftAtBound", left)
          .put("boundSeconds", boundSeconds)
          .put("stormDone", stormDone)
          .put("firstToLastDoneSeconds", firstToLastSeconds)
          .put("donePerSecond", rate())
          .put("windowSeconds", WINDOW_SECONDS)
          .put("donePerWindowFromLaunch", new JsonArray(timeline))
          .put("cpuNodeMsPerEvent", cpuPerEvent.nodeMillis())
          .put("cpuDatabaseMsPerEvent", cpuPerEvent.databaseMillis())
          .put("cpuEvents", cpuEvents)
          .put("load", load == null ? null : load.toJson())
          .put("loadMissing", loadMissing)
          .put("loadBacklogLeft", loadBacklogLeft)
          .put("loadProcessedPerSecond", loadProcessedPerSecond)
          .put("checks", checks.toJson())
          .put("loadAverage", loadAverage);
    }
  }

  /**
   * What the database holds once the nodes stopped: follow-ups from chat and how many distinct
   * messages they came from, inbox events done without their follow-up, events claimed more than
   * once (attempts > 1), parked as failed, or with an error recorded, and events still pending. A
   * follow-up of a pending event was written by work the stop interrupted before the event was
   * marked done: done again after a restart, the follow-up's unique message id keeps it single.
   */
  record Checks(
      long followUps,
      long distinctMessages,
      long done,
      long doneWithoutFollowUp,
      long ofPendingEvents,
      long claimedTwice,
      long failed,
      long withError,
      long pending) {

    long duplicated() {
      return followUps - distinctMessages;
    }

    /** Every done event has its follow-up, once; no follow-up without its event. */
    boolean exactlyOnce() {
      return duplicated() == 0 && doneWithoutFollowUp == 0 && followUps == done + ofPendingEvents;
    }

    boolean clean() {
      return claimedTwice == 0 && failed == 0 && withError == 0;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("followUps", followUps)
          .put("distinctMessages", distinctMessages)
          .put("eventsDone", done)
          .put("doneWithoutFollowUp", doneWithoutFollowUp)
          .put("followUpsOfPendingEvents", ofPendingEvents)
          .put("claimedTwice", claimedTwice)
          .put("failed", failed)
          .put("withError", withError)
          .put("pending", pending);
    }
  }

  private final BenchRun run;
  private final DatabaseLocation db;
  private final StormBacklog.Recorded storm;
  private final Path targets;

  ScaleOutRound(BenchRun run, DatabaseLocation db, StormBacklog.Recorded storm, Path targets) {
    this.run = run;
    this.db = db;
    this.storm = storm;
    this.targets = targets;
  }

  Result run(
      int nodes, List<String> cpus, List<Integer> ports, Duration bound, int rate, double seconds)
      throws Exception {
    List<ServerProcess> servers = new ArrayList<>();
    AutovacuumStandIn vacuum = AutovacuumStandIn.start(db);
    try {
      Timestamp launchedAt = dbNow();
      long t0 = System.nanoTime();
      for (int k = 0; k < nodes; k++) {
        servers.add(
            ServerProcess.launch(
                run,
                "scale-out-" + nodes + "n-node" + (k + 1),
                db,
                ports.get(k),
                Map.of(),
                cpus.get(k)));
      }
      for (ServerProcess s : servers) {
        s.awaitHealthy(Duration.ofSeconds(180));
        s.awaitUp(Duration.ofMinutes(3));
      }
      double up = seconds(t0);
      // the bound is processing time: a slow start on a busy machine does not eat it
      long boundAt = System.nanoTime() + bound.toNanos();
      List<Long> pids = servers.stream().map(s -> s.process().pid()).toList();
      long pending0 = stormPending();
      ProcessingCpu.Reading cpu0 = ProcessingCpu.read(pids, db);
      long lastLog = 0;
      // Counting what is left reads every pending row (0.4 s of PostgreSQL CPU at 240,000, taken
      // from the nodes on 2 cores); each second asks only whether any is, the count is for the log.
      boolean left = pending0 > 0;
      while (left && System.nanoTime() < boundAt) {
        Thread.sleep(1000);
        left = stormPendingAny();
        if (left && System.nanoTime() - lastLog > 30_000_000_000L) {
          lastLog = System.nanoTime();
          LOG.info(
              "scale-out, {} node(s): {} of the backlog left after {} s",
              nodes,
              stormPending(),
              (int) seconds(t0));
        }
      }
      double drain = seconds(t0);
      long pending = left ? stormPending() : 0;
      ProcessingCpu.Reading cpu1 = ProcessingCpu.read(pids, db);
      long processed = pending0 - pending;
      ProcessingCpu.Reading spent = cpu1.minus(cpu0);
      long n = Math.max(1, processed);
      ProcessingCpu.Reading perEvent =
          new ProcessingCpu.Reading(
              spent.nodeMillis() / n, spent.databaseMillis() < 0 ? -1 : spent.databaseMillis() / n);
      Timestamp drainEnd = dbNow();
      long[] doneSpan = stormDoneSpan(drainEnd);
      List<Long> timeline = timeline(launchedAt, drainEnd);

      String label = "scale-out-" + nodes + "n-" + rate;
      Path out = run.resultsDir().resolve(label + ".json");
      JavaProcess generator =
          CallbackLoad.generator(
              run,
              CallbackLoad.Platform.WECOM,
              label,
              LoadGenerator.class,
              ports.subList(0, nodes).stream()
                  .map(String::valueOf)
                  .collect(Collectors.joining(",")),
              servers.get(0).baseUrl(),
              targets,
              CallbackLoad.openModel(rate, seconds));
      LoadResult load = null;
      String loadMissing = null;
      try {
        // a starved generator (seen at load average 20 on 2 cores) costs this figure, not the
        // round's
        generator.awaitExit(Duration.ofSeconds((long) seconds + 180));
      } catch (IllegalStateException e) {
        loadMissing = e.getMessage();
        LOG.warn("scale-out, {} node(s): {}", nodes, loadMissing);
      }
      long backlogLeft = pendingAll();
      if (loadMissing == null) {
        load = CallbackLoad.result(run, label, out);
      }
      double loadProcessed = processedWhileLoaded();
      double loadAverage = CallbackLoad.loadAverage();
      for (ServerProcess s : servers) {
        s.close();
      }
      return new Result(
          nodes,
          cpus,
          up,
          drain,
          pending,
          bound.toSeconds(),
          doneSpan[0],
          doneSpan[1] / 1000.0,
          timeline,
          perEvent,
          processed,
          load,
          loadMissing,
          backlogLeft,
          loadProcessed,
          checks(),
          loadAverage);
    } finally {
      for (ServerProcess s : servers) {
        s.close();
      }
      vacuum.close();
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private Timestamp dbNow() throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s = c.prepareStatement("SELECT clock_timestamp()");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getTimestamp(1);
    }
  }

  /** The storm's events not done yet (the partial index of pending events answers this). */
  private long stormPending() throws SQLException {
    return count(
        "SELECT count(*) FROM inbound_event WHERE status = 'pending' AND id <= ?", storm.lastId());
  }

  /** Whether any storm event is not done yet: the first entry of the pending index answers. */
  private boolean stormPendingAny() throws SQLException {
    return count(
            "SELECT count(*) FROM (SELECT 1 FROM inbound_event WHERE status = 'pending' AND id <= ?"
                + " LIMIT 1) AS probe",
            storm.lastId())
        > 0;
  }

  private long pendingAll() throws SQLException {
    return count("SELECT count(*) FROM inbound_event WHERE status = 'pending' AND id > ?", 0);
  }

  /**
   * How many storm events were done by {@code until}, and milliseconds from the first to the last.
   */
  private long[] stormDoneSpan(Timestamp until) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*), coalesce(extract(epoch FROM max(processed_at) - min(processed_at)) * 1000, 0)"
                    + " FROM inbound_event WHERE status = 'done' AND id <= ? AND processed_at <= ?")) {
      s.setLong(1, storm.lastId());
      s.setTimestamp(2, until);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /** Storm events done in each {@link #WINDOW_SECONDS} from the launch of the nodes. */
  private List<Long> timeline(Timestamp from, Timestamp until) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT floor(extract(epoch FROM processed_at - ?) / ?)::int AS w, count(*)"
                    + " FROM inbound_event WHERE status = 'done' AND id <= ? AND processed_at <= ?"
                    + " GROUP BY w ORDER BY w")) {
      s.setTimestamp(1, from);
      s.setInt(2, WINDOW_SECONDS);
      s.setLong(3, storm.lastId());
      s.setTimestamp(4, until);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int w = Math.max(0, rs.getInt(1));
          while (out.size() <= w) {
            out.add(0L);
          }
          out.set(w, out.get(w) + rs.getLong(2));
        }
      }
    }
    return out;
  }

  /**
   * Events done per second while the load's callbacks arrived (from the first to the last one
   * recorded), whichever they were.
   */
  private double processedWhileLoaded() throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s =
            c.prepareStatement(
                """
                WITH w AS (SELECT min(received_at) AS a, max(received_at) AS b FROM inbound_event WHERE id > ?)
                SELECT count(*) FILTER (WHERE e.processed_at BETWEEN w.a AND w.b), extract(epoch FROM w.b - w.a)
                  FROM inbound_event e, w GROUP BY w.a, w.b
                """)) {
      s.setLong(1, storm.lastId());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || rs.getDouble(2) <= 0) {
          return 0;
        }
        return rs.getLong(1) / rs.getDouble(2);
      }
    }
  }

  private Checks checks() throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s =
            c.prepareStatement(
                """
                SELECT (SELECT count(*) FROM follow_up WHERE source = 'chat'),
                       (SELECT count(DISTINCT (tenant_id, source_message_id)) FROM follow_up WHERE source = 'chat'),
                       (SELECT count(*) FROM inbound_event WHERE status = 'done' AND kind = 'text'),
                       (SELECT count(*) FROM inbound_event e WHERE e.status = 'done' AND e.kind = 'text'
                           AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.tenant_id = e.tenant_id
                                              AND f.source_message_id = e.platform_key)),
                       (SELECT count(*) FROM inbound_event e WHERE e.status = 'pending'
                           AND EXISTS (SELECT 1 FROM follow_up f WHERE f.tenant_id = e.tenant_id
                                          AND f.source_message_id = e.platform_key)),
                       (SELECT count(*) FROM inbound_event WHERE attempts > 1),
                       (SELECT count(*) FROM inbound_event WHERE status = 'failed'),
                       (SELECT count(*) FROM inbound_event WHERE last_error IS NOT NULL),
                       (SELECT count(*) FROM inbound_event WHERE status = 'pending')
                """);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return new Checks(
          rs.getLong(1),
          rs.getLong(2),
          rs.getLong(3),
          rs.getLong(4),
          rs.getLong(5),
          rs.getLong(6),
          rs.getLong(7),
          rs.getLong(8),
          rs.getLong(9));
    }
  }

  private long count(String sql, long arg) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
