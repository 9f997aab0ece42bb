package com.chatcrm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/benchmarks.md is rebuilt from the raw results a checkout holds, and those are not in git: a
 * fresh clone that re-runs one scenario must not publish a page with only that one.
 */
class BenchReportTest {

  private static final String OLD_PAGE =
      "# Benchmarks\n\nEvery scenario, from the runs of whoever ran them.\n";

  @Test
  void aFreshCloneRunningOneScenarioLeavesThePageAndKeepsItsReportWithTheRun(@TempDir Path repo)
      throws Exception {
    Path page = writePage(repo);
    Path run =
        writeRun(repo, "20260101-120000", List.of(Scenarios.byId("customer-search").orElseThrow()));

    Path written = BenchReport.publish(repo);

    assertThat(Files.readString(page, StandardCharsets.UTF_8)).isEqualTo(OLD_PAGE);
    assertThat(written).isEqualTo(run.resolve("report.md"));
    assertThat(Files.readString(written, StandardCharsets.UTF_8)).contains("Customer search");
  }

  @Test
  void resultsForEveryScenarioRewriteThePage(@TempDir Path repo) throws Exception {
    Path page = writePage(repo);
    writeRun(repo, "20260101-110000", Scenarios.all().subList(0, 3));
    writeRun(repo, "20260101-120000", Scenarios.all().subList(3, Scenarios.all().size()));

    assertThat(BenchReport.publish(repo)).isEqualTo(page);

    String md = Files.readString(page, StandardCharsets.UTF_8);
    for (Scenario s : Scenarios.all()) {
      assertThat(md).contains("## " + s.title());
    }
  }

  private static Path writePage(Path repo) throws Exception {
    Path page = repo.resolve("docs/benchmarks.md");
    Files.createDirectories(page.getParent());
    Files.writeString(page, OLD_PAGE, StandardCharsets.UTF_8);
    return page;
  }

  private static Path writeRun(Path repo, String name, List<Scenario> scenarios) throws Exception {
    Path run = Files.createDirectories(repo.resolve("bench/results").resolve(name));
    JsonArray results = new JsonArray();
    scenarios.forEach(s -> results.add(ScenarioResult.of(s).info("figure", "1 ms").toJson()));
    Machine machine = new Machine(2, "test CPU", 1L << 30, "Linux", "JDK 17", "PostgreSQL 15");
    Files.writeString(
        run.resolve(BenchReport.RESULTS_FILE),
        new JsonObject()
            .put("started", name)
            .put("quick", false)
            .put("machine", machine.toJson())
            .put("results", results)
            .encodePrettily());
    return run;
  }
}
