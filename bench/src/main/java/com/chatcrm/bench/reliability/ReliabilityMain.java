package com.chatcrm.bench.reliability;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.bench.BenchRun;
import com.chatcrm.bench.Machine;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run.sh reliability [--quick] [callbacks|permissions|faults ...]}: starts the
 * packaged service on fresh databases, runs the three probes, prints a summary, keeps raw results
 * under {@code bench/results/<run>-reliability/} and rewrites the marked blocks of
 * docs/reliability.md (a quick run writes its report into its results directory only).
 */
public final class ReliabilityMain {

  static final long SEED = 20261207L;
  private static final List<String> PROBES = List.of("callbacks", "permissions", "faults");

  private ReliabilityMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    List<String> chosen = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else if (PROBES.contains(a)) {
        chosen.add(a);
      } else {
        System.err.println(
            "usage: bench/run.sh reliability [--quick] [callbacks|permissions|faults ...]");
        System.exit(2);
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(PROBES);
    }
    Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
    Map<String, String> blocks = new LinkedHashMap<>();
    JsonObject summary = new JsonObject();
    boolean allMet = true;
    try (BenchRun run = new BenchRun(repo, quick, "reliability")) {
      System.out.println("reliability: results in " + run.resultsDir());
      String header = header(run, repo);
      for (String probe : chosen) {
        System.out.println("reliability: ── " + probe);
        long t0 = System.nanoTime();
        boolean met;
        try {
          met =
              switch (probe) {
                case "callbacks" -> callbacks(run, header, blocks, summary);
                case "permissions" -> permissions(run, header, blocks, summary);
                default -> faults(run, header, blocks, summary);
              };
        } catch (Exception | AssertionError e) {
          e.printStackTrace(System.out);
          blocks.put(probe, header + "\n\n**Not measured in this run:** " + e + "\n");
          summary.put(probe, new JsonObject().put("error", e.toString()));
          met = false;
        }
        allMet &= met;
        System.out.printf(
            Locale.ROOT,
            "reliability: %s done in %.0f s, %s%n",
            probe,
            (System.nanoTime() - t0) / 1e9,
            met ? "every target met" : "TARGETS MISSED or not measured");
        run.saveRaw("reliability.json", summary);
      }
      StringBuilder report = new StringBuilder();
      blocks.forEach(
          (k, v) -> report.append("## ").append(k).append("\n\n").append(v).append("\n"));
      run.saveRaw("report.md", report.toString());
      if (quick) {
        System.out.println(
            "reliability: quick run, report in "
                + run.resultsDir().resolve("report.md")
                + " (docs/reliability.md unchanged)");
      } else {
        Path doc = repo.resolve("docs/reliability.md");
        ReliabilityDoc.rewrite(doc, blocks);
        System.out.println("reliability: wrote " + doc);
      }
    }
    System.exit(allMet ? 0 : 1);
  }

  private static boolean callbacks(
      BenchRun run, String header, Map<String, String> blocks, JsonObject summary)
      throws Exception {
    int target = run.scaled(100_000, 3_000);
    String url = freshDatabase(run, "crm_rel_hostile");
    try (ProbedService service = start(run, "hostile-service", url)) {
      HostileCallbackProbe.Result r = HostileCallbackProbe.run(service, url, target, SEED);
      service.close();
      // the log after the stop too: a failure while shutting down counts
      r = r.withLog(ServiceLog.read(service.logs()));
      Path raw = HostileCallbackProbe.save(r, run.resultsDir().resolve("hostile-callbacks.json"));
      summary.put("callbacks", r.toJson().copy().put("byCategory", (Object) null));
      blocks.put(
          "callbacks",
          HostileCallbackReport.markdown(r, target, header, run.repo().relativize(raw).toString()));
      System.out.printf(
          Locale.ROOT,
          "reliability:   sent %d, accepted %d, rows %d %s, 5xx %d, no answer %d, peak heap"
              + " %s, live heap %s → %s, stack traces %d, secret lines %d, forged lines %d%n",
          r.sent(),
          r.accepted(),
          r.rows(),
          r.rowsWritten(),
          r.serverErrors(),
          r.timedOut(),
          ReliabilityDoc.mb(r.peakHeapBytes()),
          ReliabilityDoc.mb(r.liveHeapBeforeBytes()),
          ReliabilityDoc.mb(r.liveHeapAfterBytes()),
          r.log().stackTraces(),
          r.log().secretLines(),
          r.log().forgedLines());
      return HostileCallbackReport.allMet(r, target);
    }
  }

  private static boolean permissions(
      BenchRun run, String header, Map<String, String> blocks, JsonObject summary)
      throws Exception {
    int requests = run.scaled(10_000, 1_000);
    String url = freshDatabase(run, "crm_rel_permissions");
    try (ProbedService service = start(run, "permissions-service", url)) {
      PermissionProbe.Result r = PermissionProbe.run(service.baseUrl(), url, requests, SEED);
      summary.put(
          "permissions",
          new JsonObject()
              .put("requests", r.requests())
              .put("leaks", r.leaks())
              .put("wrongWrites", r.wrongWrites())
              .put("examples", r.examples()));
      blocks.put("permissions", header + "\n\n" + r.markdown());
      System.out.printf(
          "reliability:   requests %d, leaks %d, wrong writes %d%n",
          r.requests(), r.leaks(), r.wrongWrites());
      return r.leaks() == 0 && r.wrongWrites() == 0 && r.requests() >= requests;
    }
  }

  private static boolean faults(
      BenchRun run, String header, Map<String, String> blocks, JsonObject summary)
      throws Exception {
    // recovery is waited for up to 3 minutes: what a killed node had claimed waits out the inbox's
    // 60 s and the
    // outbox's 2 min lease before another process takes it up
    FaultProbe.Settings s =
        new FaultProbe.Settings(
            run.scaled(20, 10),
            Duration.ofSeconds(run.scaled(15, 5)),
            Duration.ofSeconds(run.scaled(10, 3)),
            Duration.ofSeconds(180),
            true,
            true,
            true,
            true);
    boolean privatePg = PrivatePostgres.available();
    FaultProbe.Result r;
    if (privatePg) {
      try (PrivatePostgres pg = PrivatePostgres.start("crm_rel_faults")) {
        r = FaultProbe.run(run.serverJar(), run.resultsDir(), pg.url("crm_rel_faults"), pg, s);
      }
    } else {
      r =
          FaultProbe.run(
              run.serverJar(), run.resultsDir(), freshDatabase(run, "crm_rel_faults"), null, s);
    }
    summary.put("faults", r.toJson());
    blocks.put("faults", FaultReport.markdown(r, s, header, privatePg));
    System.out.printf(
        "reliability:   sent %d, acked %d, lost %d, duplicated %d, replies unsent %d%n",
        r.sent(), r.acked(), r.lost(), r.duplicated(), r.repliesUnsent());
    return FaultReport.allMet(r);
  }

  private static String freshDatabase(BenchRun run, String name) throws java.sql.SQLException {
    return BenchDatabase.url(run.database().fresh(name));
  }

  private static ProbedService start(BenchRun run, String name, String databaseUrl)
      throws Exception {
    return ProbedService.start(
        run.serverJar(), run.resultsDir(), name, databaseUrl, BenchRun.freePort(), Map.of());
  }

  /** Which run, when, on what commit and machine: the figures mean little without it. */
  static String header(BenchRun run, Path repo) {
    Machine m = run.machine();
    return String.format(
        Locale.ROOT,
        "Run `%s` on %s, commit `%s`; %d cores (%s), %.0f GB, %s, %s, %s.",
        run.resultsDir().getFileName(),
        run.started().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
        commit(repo),
        m.cores(),
        m.cpu(),
        m.memoryBytes() / 1073741824.0,
        m.os(),
        m.jdk(),
        m.postgres());
  }

  private static String commit(Path repo) {
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .directory(repo.toFile())
              .start();
      String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      Process d =
          new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
              .directory(repo.toFile())
              .start();
      boolean dirty =
          !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
      return hash.isEmpty() ? "unknown" : hash + (dirty ? " + uncommitted changes" : "");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
