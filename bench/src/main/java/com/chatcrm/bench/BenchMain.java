package com.chatcrm.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run.sh [--quick] [scenario ...]}: runs the named scenarios (all when none), keeps
 * their raw results under {@code bench/results/<run>/} and rewrites {@code docs/benchmarks.md} (a
 * quick run writes its report into its results directory only). Runs on {@code main}; scenarios may
 * block.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("reliability")) {
      // a suite of its own: its figures go to docs/reliability.md, never to docs/benchmarks.md
      com.chatcrm.bench.reliability.ReliabilityMain.main(
          java.util.Arrays.stream(args)
              .filter(a -> !a.equals("reliability"))
              .toArray(String[]::new));
      return;
    }
    boolean quick = false;
    boolean dataOnly = false;
    List<Scenario> chosen = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else if (a.equals("--data")) {
        dataOnly = true;
      } else if (a.equals("--list") || a.equals("--help") || a.equals("-h")) {
        usage();
        return;
      } else {
        Scenario s = Scenarios.byId(a.toLowerCase(Locale.ROOT)).orElse(null);
        if (s == null) {
          System.err.println("bench: unknown scenario '" + a + "'");
          usage();
          System.exit(2);
        }
        chosen.add(s);
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(Scenarios.all());
    }
    Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
    int failed = 0;
    try (BenchRun run = new BenchRun(repo, quick)) {
      System.out.println("bench: results in " + run.resultsDir());
      if (dataOnly) {
        BigDataset d = run.bigDataset();
        System.out.println(
            "bench: demo tenant " + d.tenantId() + " ready in " + d.location().describe());
        return;
      }
      List<ScenarioResult> results = new ArrayList<>();
      for (Scenario s : chosen) {
        System.out.println("bench: ── " + s.title());
        long t0 = System.nanoTime();
        ScenarioResult r;
        try {
          r = s.run(run);
        } catch (Exception | AssertionError e) {
          failed++;
          e.printStackTrace(System.out);
          r = ScenarioResult.of(s).note("**Not measured in this run:** " + e);
        }
        System.out.printf("bench: %s done in %.0f s%n", s.id(), (System.nanoTime() - t0) / 1e9);
        r.figures()
            .forEach(
                f ->
                    System.out.println(
                        "bench:   "
                            + f.name()
                            + ": "
                            + f.value()
                            + (f.met() == null
                                ? ""
                                : "  (target " + f.target() + (f.met() ? ", met)" : ", MISSED)"))));
        results.add(r);
        BenchReport.save(run, results);
      }
      if (quick) {
        Path report = run.saveRaw("report.md", BenchReport.render(List.of(run.resultsDir())));
        System.out.println(
            "bench: quick run, report in " + report + " (docs/benchmarks.md unchanged)");
      } else {
        BenchReport.publish(repo);
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  private static void usage() {
    System.out.println(
        "usage: bench/run.sh [--quick] [--data] [scenario ...]\n       bench/run.sh reliability [--quick] [callbacks|permissions|faults ...]  (docs/reliability.md)\n  --data only generates the demo tenant (kept for later runs)\nscenarios:");
    for (Scenario s : Scenarios.all()) {
      System.out.printf("  %-18s %s%n", s.id(), s.title());
    }
  }
}
