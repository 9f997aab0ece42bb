package com.chatcrm.bench;

/**
 * One benchmark: sets up what it needs from the {@link BenchRun}, measures, and reports figures.
 */
public interface Scenario {

  /** Short name used on the command line, e.g. {@code wecom-callback}. */
  String id();

  /** Heading in docs/benchmarks.md. */
  String title();

  /** Runs the scenario; throws when it could not be measured at all (the report says so). */
  ScenarioResult run(BenchRun run) throws Exception;
}
