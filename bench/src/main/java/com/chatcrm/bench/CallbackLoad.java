package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service node with its sandbox companies seeded, and 跟进 callbacks of one platform thrown at it
 * (or at a bare server) by {@link LoadGenerator} phases in child JVMs: what scenarios 1, 2 and 7
 * share.
 */
final class CallbackLoad implements AutoCloseable {

  /** A platform's callback: which sandbox company, and the answer size a bare server must mimic. */
  enum Platform {
    WECOM("wecom", "wwhuaxin0001", "", "text/plain"),
    DINGTALK(
        "dingtalk",
        "dingsandbox0001",
        new JsonObject().put("msgtype", "empty").encode(),
        "application/json");

    final String id;
    final String corpId;
    final String answer;
    final String answerType;

    Platform(String id, String corpId, String answer, String answerType) {
      this.id = id;
      this.corpId = corpId;
      this.answer = answer;
      this.answerType = answerType;
    }
  }

  private final BenchRun run;
  private final Platform platform;
  private final DatabaseLocation db;
  private final ServerProcess server;
  private final Path targets;
  private final int targetCount;
  private final AutovacuumStandIn vacuum;
  private double loadMin = Double.MAX_VALUE;
  private double loadMax;

  private CallbackLoad(
      BenchRun run,
      Platform platform,
      DatabaseLocation db,
      ServerProcess server,
      Path targets,
      int targetCount,
      AutovacuumStandIn vacuum) {
    this.vacuum = vacuum;
    this.run = run;
    this.platform = platform;
    this.db = db;
    this.server = server;
    this.targets = targets;
    this.targetCount = targetCount;
  }

  /**
   * A fresh database {@code dbName}, a node on it ({@code name}) up with its demo data, and who
   * owns what.
   */
  static CallbackLoad start(BenchRun run, Platform platform, String dbName, String name)
      throws Exception {
    DatabaseLocation db = run.database().fresh(dbName);
    ServerProcess server = ServerProcess.start(run, name, db, BenchRun.freePort(), Map.of());
    try {
      server.awaitUp(Duration.ofMinutes(3));
      List<CallbackRequests.Target> owned = owned(db, platform);
      Path targets = run.saveRaw(name + "-targets.tsv", CallbackRequests.Target.write(owned));
      return new CallbackLoad(
          run, platform, db, server, targets, owned.size(), AutovacuumStandIn.start(db));
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private static List<CallbackRequests.Target> owned(DatabaseLocation db, Platform platform)
      throws SQLException {
    return CallbackRequests.Target.owned(db, platform.id, platform.corpId);
  }

  ServerProcess server() {
    return server;
  }

  int targetCount() {
    return targetCount;
  }

  /**
   * A phase against the service; raw JSON and the percentile table are kept as {@code
   * <label>.json/.txt}.
   */
  LoadResult phase(String label, int rate, double seconds) throws Exception {
    return phase(label, server.port(), rate, seconds);
  }

  /** The same requests against whoever listens on {@code port} (a bare server). */
  LoadResult phase(String label, int port, int rate, double seconds) throws Exception {
    return begin(label, port, rate, seconds).await();
  }

  /** The unmeasured lead-in of a phase of {@code seconds}, at the same rate. */
  static double warmupSeconds(double seconds) {
    return Math.min(2, seconds / 4);
  }

  /** Starts a phase and returns at once, for measuring the server while it runs. */
  Phase begin(String label, int port, int rate, double seconds) throws Exception {
    Path out = run.resultsDir().resolve(label + ".json");
    JavaProcess p = generator(label, LoadGenerator.class, port, openModel(rate, seconds));
    return new Phase(label, p, out, Duration.ofSeconds((long) seconds + 120));
  }

  /**
   * A {@link LoadGenerator}'s options: {@code rate} for {@code seconds} after the usual lead-in.
   */
  static List<String> openModel(int rate, double seconds) {
    return List.of(
        "--rate",
        Integer.toString(rate),
        "--seconds",
        Double.toString(seconds),
        "--warmup-seconds",
        Double.toString(warmupSeconds(seconds)));
  }

  private JavaProcess generator(String label, Class<?> main, int port, List<String> options)
      throws java.io.IOException {
    return generator(
        run, platform, label, main, Integer.toString(port), server.baseUrl(), targets, options);
  }

  /**
   * A generator JVM ({@code main}) sending {@code platform}'s callbacks about {@code targets} to
   * {@code ports} (comma-separated: in turn), its result to {@code <label>.json}; {@code options}
   * are its own.
   */
  static JavaProcess generator(
      BenchRun run,
      Platform platform,
      String label,
      Class<?> main,
      String ports,
      String serverBase,
      Path targets,
      List<String> options)
      throws java.io.IOException {
    Path out = run.resultsDir().resolve(label + ".json");
    Files.deleteIfExists(out);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--platform",
                platform.id,
                "--port",
                ports,
                "--server-base",
                serverBase,
                "--targets",
                targets.toString(),
                "--out",
                out.toString()));
    args.addAll(options);
    return JavaProcess.main(
        label,
        run.resultsDir().resolve(label + ".log"),
        List.of("-Xmx512m", "-XX:+UseParallelGC", "-Dfile.encoding=UTF-8"),
        main.getName(),
        args,
        Map.of());
  }

  /**
   * A finished generator's result; its percentile table is kept as {@code <label>-percentiles.txt}.
   */
  static LoadResult result(BenchRun run, String label, Path out) throws java.io.IOException {
    JsonObject json = new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
    run.saveRaw(label + "-percentiles.txt", json.getString("distribution", ""));
    LoadResult r = LoadResult.fromJson(json);
    System.out.println("bench:   " + label + " " + r.summary());
    return r;
  }

  /** A running generator. */
  final class Phase {
    private final String label;
    private final JavaProcess process;
    private final Path out;
    private final Duration timeout;

    private Phase(String label, JavaProcess process, Path out, Duration timeout) {
      this.label = label;
      this.process = process;
      this.out = out;
      this.timeout = timeout;
    }

    boolean running() {
      return process.alive();
    }

    LoadResult await() throws Exception {
      process.awaitExit(timeout);
      LoadResult r = result(run, label, out);
      noteLoadAverage();
      return r;
    }
  }

  /**
   * One step of the stepped rate, and the callbacks still waiting in the service's inbox when its
   * load ended: a rate is only sustained if processing keeps pace with it, not just the
   * acknowledgements.
   */
  record Step(LoadResult load, long backlogAfter) {

    /** Held, with no more than a second's callbacks left waiting. */
    boolean held(double p99LimitMs) {
      return load.held(p99LimitMs) && backlogAfter <= load.rate();
    }

    String summary() {
      return BenchFormat.rate(load.rate(), "")
          + "→p99 "
          + BenchFormat.ms(load.latencies().p99Ms())
          + (load.failures() > 0 ? " (" + load.failures() + " failed)" : "")
          + (backlogAfter > 0 ? ", " + BenchFormat.count(backlogAfter) + " waiting" : "");
    }
  }

  /**
   * Raises the rate step by step while it holds (p99 ≤ {@code p99LimitMs}, nothing failed, sent on
   * schedule, and for the service no more than a second's callbacks left in its inbox); waits for
   * the inbox between steps so a step is not charged with the last one's backlog. Answers every
   * step run, the last one the first that did not hold (unless all held).
   */
  List<Step> steps(
      String label, int port, int[] rates, double seconds, double p99LimitMs, boolean service)
      throws Exception {
    List<Step> out = new ArrayList<>();
    for (int rate : rates) {
      LoadResult r = phase(label + "-" + rate, port, rate, seconds);
      Step step = new Step(r, service ? inboxBacklog() : 0);
      out.add(step);
      if (service) {
        drain(Duration.ofSeconds(30));
      }
      if (!step.held(p99LimitMs)) {
        break;
      }
    }
    return out;
  }

  /** The highest rate that held, or 0. */
  static int maxHeld(List<Step> steps, double p99LimitMs) {
    return steps.stream()
        .filter(r -> r.held(p99LimitMs))
        .mapToInt(r -> r.load().rate())
        .max()
        .orElse(0);
  }

  /**
   * The machine's 1-minute load average at the end of each phase so far, e.g. "3.1–9.8 on 2 cores":
   * other work on the machine shows here, and in the bare ceilings.
   */
  String loadAverages() {
    return loadMax == 0
        ? "unknown"
        : String.format(
            java.util.Locale.ROOT,
            "%.1f–%.1f on %d cores",
            loadMin,
            loadMax,
            Runtime.getRuntime().availableProcessors());
  }

  private void noteLoadAverage() {
    double load = loadAverage();
    loadMin = Math.min(loadMin, load);
    loadMax = Math.max(loadMax, load);
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return 0;
    }
  }

  /** Callbacks recorded but not yet processed (in the inbox, waiting or being worked on). */
  long inboxBacklog() throws SQLException {
    return count("SELECT count(*) FROM inbound_event WHERE status = 'pending'");
  }

  /** Follow-ups logged from chat (the demo data's are imports). */
  long chatFollowUps() throws SQLException {
    return count("SELECT count(*) FROM follow_up WHERE source = 'chat'");
  }

  /**
   * Text callbacks recorded in the inbox: acknowledged ones, and any the generator gave up waiting
   * for.
   */
  long recordedCallbacks() throws SQLException {
    return count("SELECT count(*) FROM inbound_event WHERE kind = 'text'");
  }

  /** Callbacks whose processing failed for good, or is being retried. */
  long failedCallbacks() throws SQLException {
    return count("SELECT count(*) FROM inbound_event WHERE status = 'failed' OR attempts > 1");
  }

  /** CPU spent so far by the node and by its database sessions. */
  ProcessingCpu.Reading cpu() throws SQLException {
    return ProcessingCpu.read(server.process().pid(), db);
  }

  /**
   * Waits until the inbox is empty; answers how long that took (seconds), or -1 when the backlog
   * stopped shrinking for {@code stall} (a backlog that is being worked through is waited for,
   * however long).
   */
  double drain(Duration stall) throws Exception {
    long t0 = System.nanoTime();
    long lastProgress = t0;
    long least = Long.MAX_VALUE;
    long lastCount = 0;
    // A count reads every pending row (0.2 s of PostgreSQL CPU at 100,000, taken from the node on 2
    // cores): the end is seen by a probe of the pending index, progress by a count every 5 s.
    while (System.nanoTime() - lastProgress < stall.toNanos()) {
      if (!inboxPending()) {
        return (System.nanoTime() - t0) / 1e9;
      }
      if (System.nanoTime() - lastCount > 5_000_000_000L) {
        lastCount = System.nanoTime();
        long backlog = inboxBacklog();
        if (backlog < least) {
          least = backlog;
          lastProgress = System.nanoTime();
        }
      }
      Thread.sleep(100);
    }
    return -1;
  }

  /** Whether any callback waits or is being worked on: the first entry of the pending index. */
  boolean inboxPending() throws SQLException {
    return count(
            "SELECT count(*) FROM (SELECT 1 FROM inbound_event WHERE status = 'pending' LIMIT 1) AS probe")
        > 0;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A bare Vert.x server answering this platform's answer size, in its own JVM on a free port. */
  JavaProcess startBareServer(int port) throws Exception {
    return startListening(
        "bare-http",
        "bare-http-" + platform.id,
        BareHttpServer.class,
        List.of(
            Integer.toString(port),
            Integer.toString(platform.answer.length()),
            platform.answerType));
  }

  /** The WxJava baseline ({@link WxJavaBaseline}), in its own JVM on {@code port}. */
  JavaProcess startWxJavaBaseline(int port) throws Exception {
    return startListening(
        "wxjava-baseline",
        "wxjava-baseline",
        WxJavaBaseline.class,
        List.of(Integer.toString(port)),
        WXJAVA_JVM);
  }

  /**
   * The JDK's own XML factories, named: WxJava makes a parser factory per message, and without
   * these each one searched every jar of the classpath for another (a quarter of its CPU). A tuned
   * WxJava deployment sets them; the baseline should be WxJava at its best.
   */
  static final List<String> WXJAVA_JVM =
      List.of(
          "-Djavax.xml.parsers.SAXParserFactory=com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl",
          "-Djavax.xml.parsers.DocumentBuilderFactory=com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl",
          "-Djavax.xml.stream.XMLInputFactory=com.sun.xml.internal.stream.XMLInputFactoryImpl",
          "-Djavax.xml.transform.TransformerFactory=com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");

  /** Starts {@code main} in a JVM of its own and waits until it logs that it is listening. */
  private JavaProcess startListening(String name, String logName, Class<?> main, List<String> args)
      throws Exception {
    return startListening(name, logName, main, args, List.of());
  }

  private JavaProcess startListening(
      String name, String logName, Class<?> main, List<String> args, List<String> jvmExtra)
      throws Exception {
    List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx512m", "-XX:+UseG1GC"));
    jvm.addAll(jvmExtra);
    JavaProcess p =
        JavaProcess.main(
            name, run.resultsDir().resolve(logName + ".log"), jvm, main.getName(), args, Map.of());
    // a JVM's start takes seconds when the 2 cores are shared with other work
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(p.log()) && Files.readString(p.log()).contains("listening")) {
        return p;
      }
      if (!p.alive()) {
        throw new IllegalStateException(name + " exited; see " + p.log());
      }
      Thread.sleep(100);
    }
    p.close();
    throw new IllegalStateException(name + " did not listen within 120 s; see " + p.log());
  }

  /**
   * A closed-loop phase ({@link ClosedLoopGenerator}) against whoever listens on {@code port}: raw
   * JSON, percentiles and the inbox keys of the callbacks acknowledged are kept as {@code
   * <label>.json/-percentiles.txt/-keys.txt}.
   */
  ClosedLoopResult closedLoop(
      String label, int port, int connections, double warmupSeconds, double seconds)
      throws Exception {
    Path out = run.resultsDir().resolve(label + ".json");
    JavaProcess p =
        generator(
            label,
            ClosedLoopGenerator.class,
            port,
            List.of(
                "--connections",
                Integer.toString(connections),
                "--warmup-seconds",
                Double.toString(warmupSeconds),
                "--seconds",
                Double.toString(seconds),
                "--keys-out",
                keysOf(label).toString()));
    p.awaitExit(Duration.ofSeconds((long) (warmupSeconds + seconds) + 120));
    JsonObject json = new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
    run.saveRaw(label + "-percentiles.txt", json.getString("distribution", ""));
    ClosedLoopResult r = ClosedLoopResult.fromJson(json);
    noteLoadAverage();
    System.out.println("bench:   " + label + " " + r.summary());
    return r;
  }

  /** Where {@link #closedLoop} keeps the inbox keys of the callbacks a phase got a 2xx for. */
  Path keysOf(String label) {
    return run.resultsDir().resolve(label + "-keys.txt");
  }

  /** The (member, customer they own) pairs the requests are about. */
  List<CallbackRequests.Target> targets() throws java.io.IOException {
    return CallbackRequests.Target.read(targets);
  }

  DatabaseLocation database() {
    return db;
  }

  /** How dead row versions were cleared: null where the server's autovacuum did it. */
  String autovacuum() {
    return vacuum.describe();
  }

  @Override
  public void close() throws InterruptedException {
    vacuum.close();
    server.close();
  }
}
