package com.chatcrm.bench.reliability;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.bench.BenchRun;
import com.chatcrm.bench.CallbackRequests;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCorps;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults under a steady stream of genuine 跟进 callbacks: the node killed with kill -9 and started
 * again, PostgreSQL crashed and restarted (a private cluster only), the WeCom API answering 502,
 * 45009 or slowly. Then, after the stream stops and the backlog drains: callbacks acknowledged but
 * never processed, processed twice, replies never delivered, and for each fault the time from its
 * end until /health answers 200 and every callback acknowledged before the end has its follow-up
 * and its reply.
 */
public final class FaultProbe {

  /**
   * How hard and how long. {@code postgres} null: no database fault (the shared server is never
   * stopped).
   */
  public record Settings(
      int rate,
      Duration faultLength,
      Duration settle,
      Duration recoveryLimit,
      boolean kill,
      boolean sandbox5xx,
      boolean rateLimit,
      boolean slow) {}

  /**
   * One fault: what, and how long after its end the service was healthy with its backlog drained
   * (-1: not).
   */
  public record Fault(String name, double recoverySeconds) {}

  public record Result(
      long sent,
      long acked,
      long notAcked,
      long lost,
      long duplicated,
      long repliesUnsent,
      long repliesTwice,
      List<Fault> faults,
      List<String> examples,
      ServiceLog log,
      double seconds) {

    public JsonObject toJson() {
      io.vertx.core.json.JsonArray f = new io.vertx.core.json.JsonArray();
      faults.forEach(
          x ->
              f.add(
                  new JsonObject()
                      .put("fault", x.name())
                      .put("recoverySeconds", x.recoverySeconds())));
      return new JsonObject()
          .put("sent", sent)
          .put("acked", acked)
          .put("notAcked", notAcked)
          .put("lost", lost)
          .put("duplicated", duplicated)
          .put("repliesUnsent", repliesUnsent)
          .put("repliesTwice", repliesTwice)
          .put("faults", f)
          .put("examples", new io.vertx.core.json.JsonArray(examples))
          .put("logStackTraces", log.stackTraces())
          .put("logLinesWithSecrets", log.secretLines())
          .put("seconds", seconds);
    }
  }

  private static final Pattern MARKER = Pattern.compile("mk[a-z]+");

  private final ProbedService service;
  private final PlatformStandIn platform;
  private final String databaseUrl;
  private final CallbackStream stream;
  private final Settings settings;
  private final List<Fault> faults = new ArrayList<>();

  private FaultProbe(
      ProbedService service,
      PlatformStandIn platform,
      String databaseUrl,
      CallbackStream stream,
      Settings settings) {
    this.service = service;
    this.platform = platform;
    this.databaseUrl = databaseUrl;
    this.stream = stream;
    this.settings = settings;
  }

  /**
   * Starts the packaged service on {@code databaseUrl} (a fresh database) with the probe's WeCom
   * stand-in as its WeCom API, runs the stream and the faults, and stops it again.
   *
   * @param postgres the service's database server when it is the probe's own: it is crashed once;
   *     null: not
   */
  public static Result run(
      Path jar, Path logDir, String databaseUrl, PrivatePostgres postgres, Settings settings)
      throws Exception {
    long t0 = System.nanoTime();
    int port = BenchRun.freePort();
    try (PlatformStandIn platform = PlatformStandIn.start();
        ProbedService service =
            ProbedService.start(
                jar,
                logDir,
                "faults-service",
                databaseUrl,
                port,
                Map.of("CRM_WECOM_API_BASE_URL", platform.baseUrl()))) {
      List<CallbackRequests.Target> targets = owned(databaseUrl);
      FaultProbe probe;
      try (CallbackStream stream =
          CallbackStream.start(service.baseUrl(), targets, settings.rate())) {
        probe = new FaultProbe(service, platform, databaseUrl, stream, settings);
        probe.faults(postgres);
      }
      probe.drain(Duration.ofSeconds(300));
      return probe.result(ServiceLog.read(service.logs()), (System.nanoTime() - t0) / 1e9);
    }
  }

  private void faults(PrivatePostgres postgres) throws Exception {
    Thread.sleep(settings.settle().toMillis());
    if (settings.kill()) {
      service.kill();
      Thread.sleep(1000);
      service.launch();
      recovered("kill -9 of the node, started again at once");
    }
    if (postgres != null) {
      postgres.crash();
      Thread.sleep(settings.faultLength().toMillis());
      postgres.startServer();
      recovered(
          "PostgreSQL stopped (immediate, as a crash) for "
              + settings.faultLength().toSeconds()
              + " s and restarted");
    }
    if (settings.sandbox5xx()) {
      platform.faults().failNext(Integer.MAX_VALUE);
      sandboxFault("WeCom API answering HTTP 502");
    }
    if (settings.rateLimit()) {
      platform.faults().rateLimitNext(Integer.MAX_VALUE);
      sandboxFault("WeCom API answering errcode 45009 (rate limit)");
    }
    if (settings.slow()) {
      platform.faults().delay(3000);
      sandboxFault("WeCom API answering after 3 s");
    }
  }

  private void sandboxFault(String name) throws Exception {
    Thread.sleep(settings.faultLength().toMillis());
    platform.faults().clear();
    recovered(name + " for " + settings.faultLength().toSeconds() + " s");
  }

  /**
   * Waits for health and the backlog of what was acknowledged until now; records the time it took.
   */
  private void recovered(String fault) throws Exception {
    long end = System.nanoTime();
    long deadline = end + settings.recoveryLimit().toNanos();
    double took = -1;
    while (System.nanoTime() < deadline) {
      if (service.healthy() && backlogDrained(end)) {
        took = (System.nanoTime() - end) / 1e9;
        break;
      }
      Thread.sleep(500);
    }
    faults.add(new Fault(fault, took));
    System.out.printf(
        "reliability:   %s: %s%n",
        fault,
        took < 0
            ? "not recovered within " + settings.recoveryLimit().toSeconds() + " s"
            : String.format("healthy and drained %.1f s after", took));
    Thread.sleep(settings.settle().toMillis());
  }

  /** Whether every callback acknowledged before {@code nanos} has its follow-up and its reply. */
  private boolean backlogDrained(long nanos) {
    Map<String, Integer> processed;
    try {
      processed = followUps();
    } catch (SQLException e) {
      return false;
    }
    Map<String, Integer> replied = replies();
    return stream.sent().entrySet().stream()
        .filter(e -> e.getValue().atNanos < nanos && e.getValue().acked())
        .allMatch(e -> processed.containsKey(e.getKey()) && replied.containsKey(e.getKey()));
  }

  /** After the stream: waits while the backlog shrinks, up to {@code limit}. */
  private void drain(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && !backlogDrained(Long.MAX_VALUE)) {
      Thread.sleep(1000);
    }
  }

  private Result result(ServiceLog log, double seconds) throws SQLException {
    Map<String, Integer> processed = followUps();
    Map<String, Integer> replied = replies();
    long acked = 0;
    long lost = 0;
    long unsent = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, CallbackStream.Sent> e : stream.sent().entrySet()) {
      if (!e.getValue().acked()) {
        continue;
      }
      acked++;
      if (!processed.containsKey(e.getKey())) {
        lost++;
        example(examples, "acknowledged, no follow-up: marker " + e.getKey());
      } else if (!replied.containsKey(e.getKey())) {
        unsent++;
        example(examples, "follow-up stored, no reply delivered: marker " + e.getKey());
      }
    }
    long duplicated = processed.values().stream().filter(n -> n > 1).count();
    processed.forEach(
        (m, n) -> {
          if (n > 1) {
            example(examples, n + " follow-ups for marker " + m);
          }
        });
    long twice = replied.values().stream().filter(n -> n > 1).count();
    long sent = stream.sent().size();
    return new Result(
        sent, acked, sent - acked, lost, duplicated, unsent, twice, faults, examples, log, seconds);
  }

  private static void example(List<String> examples, String s) {
    if (examples.size() < 10) {
      examples.add(s);
    }
  }

  /** Follow-ups by marker. */
  private Map<String, Integer> followUps() throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = BenchDatabase.connect(DatabaseLocation.fromUrl(databaseUrl));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (regexp_match(content, 'mk[a-z]+'))[1], count(*) FROM follow_up"
                    + " WHERE source = 'chat' GROUP BY 1")) {
      while (rs.next()) {
        if (rs.getString(1) != null) {
          out.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return out;
  }

  /** Replies the WeCom stand-in accepted (errcode 0), by the marker they quote. */
  private Map<String, Integer> replies() {
    Map<String, Integer> out = new HashMap<>();
    for (SandboxCall call : platform.sends()) {
      if (call.answer() == null
          || call.answer().getInteger("errcode", -1) != 0
          || call.body() == null) {
        continue;
      }
      Matcher m = MARKER.matcher(call.body().encode());
      if (m.find()) {
        out.merge(m.group(), 1, Integer::sum);
      }
    }
    return out;
  }

  private static List<CallbackRequests.Target> owned(String databaseUrl) throws SQLException {
    List<CallbackRequests.Target> out =
        CallbackRequests.Target.owned(
            DatabaseLocation.fromUrl(databaseUrl), "wecom", SandboxCorps.huaxin().corpId());
    if (out.isEmpty()) {
      throw new IllegalStateException(
          "no WeCom sandbox member owns a customer: nothing to follow up");
    }
    return out;
  }
}
