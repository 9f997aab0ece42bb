package com.chatcrm.bench;

/** Scenario 7. Memory: not written yet. */
public final class MemoryScenario implements Scenario {

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public String title() {
    return "7. Memory (idle and under scenario 1's load)";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
