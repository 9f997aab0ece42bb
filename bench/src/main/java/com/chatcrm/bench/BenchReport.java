package com.chatcrm.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes {@code docs/benchmarks.md} from the newest full (non-quick) result of every scenario under
 * {@code bench/results/}, so re-running one scenario after a fix refreshes its section and keeps
 * the others, each with the run it comes from. Those results are git-ignored: see {@link #publish}
 * for a checkout without some.
 */
public final class BenchReport {

  static final String RESULTS_FILE = "results.json";

  private BenchReport() {}

  /** Saves this run's results next to its raw files. */
  static void save(BenchRun run, List<ScenarioResult> results) throws IOException {
    JsonArray rs = new JsonArray();
    results.forEach(r -> rs.add(r.toJson()));
    run.saveRaw(
        RESULTS_FILE,
        new JsonObject()
            .put("started", run.started().toString())
            .put("quick", run.quick())
            .put("machine", run.machine().toJson())
            .put("results", rs));
  }

  /** The markdown for {@code runs} (newest last): per scenario, the newest result wins. */
  static String render(List<Path> runDirs) throws IOException {
    Map<String, ScenarioResult> newest = new LinkedHashMap<>();
    Map<String, String> from = new LinkedHashMap<>();
    Map<String, JsonObject> machines = new LinkedHashMap<>();
    for (Path dir : runDirs) {
      JsonObject run =
          new JsonObject(Files.readString(dir.resolve(RESULTS_FILE), StandardCharsets.UTF_8));
      for (Object o : run.getJsonArray("results")) {
        ScenarioResult r = ScenarioResult.fromJson((JsonObject) o);
        newest.put(r.id(), r);
        from.put(r.id(), dir.getFileName().toString());
        machines.put(dir.getFileName().toString(), run.getJsonObject("machine"));
      }
    }
    List<ScenarioResult> ordered = new ArrayList<>();
    for (Scenario s : Scenarios.all()) {
      if (newest.containsKey(s.id())) {
        ordered.add(newest.remove(s.id()));
      }
    }
    ordered.addAll(newest.values());

    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append(
        "Written by `bench/run.sh` (see the README); do not edit by hand. Every figure comes from a real run on the"
            + " machine below; raw results (histograms, logs, JSON) stay with whoever ran the bench, in their"
            + " `bench/results/<run>/` (git-ignored). A latency is measured"
            + " from when the request was due to be sent (coordinated-omission-aware), by a load generator in its own"
            + " JVM, over loopback. Each scenario's baseline is measured in the same run, so the ratios hold even where"
            + " a shared 2-core machine makes absolute numbers drift.\n\n");
    md.append(
        "## Machine\n\n| run | cores | CPU | memory | JDK | PostgreSQL |\n|---|---:|---|---:|---|---|\n");
    for (Map.Entry<String, JsonObject> m : machines.entrySet()) {
      if (!from.containsValue(m.getKey())) {
        continue;
      }
      JsonObject j = m.getValue();
      md.append("| ")
          .append(m.getKey())
          .append(" | ")
          .append(j.getInteger("cores"))
          .append(" | ")
          .append(j.getString("cpu"))
          .append(" | ")
          .append(BenchFormat.mib(j.getLong("memoryBytes")))
          .append(" | ")
          .append(j.getString("jdk"))
          .append(" | ")
          .append(j.getString("postgres"))
          .append(" |\n");
    }
    md.append(
        "\n## Summary\n\n| scenario | figure | value | target | met |\n|---|---|---:|---|:-:|\n");
    for (ScenarioResult r : ordered) {
      for (Figure f : r.figures()) {
        if (f.met() != null) {
          md.append("| ")
              .append(r.title().replaceAll(" \\(.*", ""))
              .append(" | ")
              .append(f.name())
              .append(" | ")
              .append(f.value())
              .append(" | ")
              .append(f.target())
              .append(" | ")
              .append(f.met() ? "✅" : "❌ missed")
              .append(" |\n");
        }
      }
    }
    for (ScenarioResult r : ordered) {
      md.append("\n## ").append(r.title()).append("\n\n");
      md.append("Run `").append(from.get(r.id())).append("`.\n\n");
      if (!r.figures().isEmpty()) {
        md.append("| figure | value | target |\n|---|---:|---|\n");
        for (Figure f : r.figures()) {
          md.append("| ")
              .append(f.name())
              .append(" | ")
              .append(f.value())
              .append(" | ")
              .append(f.met() == null ? "" : f.target() + (f.met() ? " ✅" : " ❌"))
              .append(" |\n");
        }
        md.append('\n');
      }
      for (String n : r.notes()) {
        md.append(n.strip()).append("\n\n");
      }
    }
    return md.toString().stripTrailing() + "\n";
  }

  /**
   * Rewrites {@code docs/benchmarks.md} from the full runs under bench/results, and answers the
   * page. Raw results are not in git, so where this checkout lacks some scenario's the page would
   * lose its section: the report then stays in the newest run's directory, and the answer is that
   * file.
   */
  static Path publish(Path repo) throws IOException {
    List<Path> runs = fullRuns(repo);
    List<String> missing = missingScenarios(runs);
    if (!missing.isEmpty() && !runs.isEmpty()) {
      Path report = runs.get(runs.size() - 1).resolve("report.md");
      Files.writeString(report, render(runs), StandardCharsets.UTF_8);
      System.out.println(
          "bench: docs/benchmarks.md unchanged: this checkout has no results of "
              + String.join(", ", missing)
              + " (raw results are not in git); report in "
              + report
              + ". Run those scenarios too, or bench/run.sh for all of them, to rewrite the page.");
      return report;
    }
    Path doc = repo.resolve("docs/benchmarks.md");
    Files.writeString(doc, render(runs), StandardCharsets.UTF_8);
    System.out.println("bench: wrote " + doc);
    return doc;
  }

  /**
   * Ids of the scenarios none of {@code runs} has a result of, in the order of {@link
   * Scenarios#all()}.
   */
  private static List<String> missingScenarios(List<Path> runs) throws IOException {
    Set<String> found = new HashSet<>();
    for (Path dir : runs) {
      JsonObject run =
          new JsonObject(Files.readString(dir.resolve(RESULTS_FILE), StandardCharsets.UTF_8));
      run.getJsonArray("results").forEach(o -> found.add(((JsonObject) o).getString("id")));
    }
    return Scenarios.all().stream().map(Scenario::id).filter(id -> !found.contains(id)).toList();
  }

  /** Full runs under bench/results, oldest first. */
  static List<Path> fullRuns(Path repo) throws IOException {
    Path results = repo.resolve("bench/results");
    if (!Files.isDirectory(results)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> !d.getFileName().toString().endsWith("-quick"))
          .filter(d -> Files.isRegularFile(d.resolve(RESULTS_FILE)))
          .sorted(Comparator.comparing(d -> d.getFileName().toString()))
          .toList();
    }
  }
}
