package com.chatcrm.bench;

/** Scenario 2. DingTalk robot callback: not written yet. */
public final class DingTalkCallbackScenario implements Scenario {

  @Override
  public String id() {
    return "dingtalk-callback";
  }

  @Override
  public String title() {
    return "2. DingTalk robot callback (signed 跟进 text → follow-up persisted → acknowledged)";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
