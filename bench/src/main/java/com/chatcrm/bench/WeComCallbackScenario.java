package com.chatcrm.bench;

/** Scenario 1. WeCom callback: not written yet. */
public final class WeComCallbackScenario implements Scenario {

  @Override
  public String id() {
    return "wecom-callback";
  }

  @Override
  public String title() {
    return "1. WeCom callback (signed + encrypted 跟进 text → follow-up persisted → acknowledged)";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
