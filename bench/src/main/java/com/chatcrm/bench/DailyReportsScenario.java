package com.chatcrm.bench;

/** Scenario 6. Daily reports: not written yet. */
public final class DailyReportsScenario implements Scenario {

  @Override
  public String id() {
    return "daily-reports";
  }

  @Override
  public String title() {
    return "6. Daily reports (日报) for 200 managers";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
