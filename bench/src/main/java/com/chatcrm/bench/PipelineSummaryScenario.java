package com.chatcrm.bench;

/** Scenario 4. Pipeline summary: not written yet. */
public final class PipelineSummaryScenario implements Scenario {

  @Override
  public String id() {
    return "pipeline-summary";
  }

  @Override
  public String title() {
    return "4. Pipeline summary (销售漏斗) for a 500-rep subtree";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
