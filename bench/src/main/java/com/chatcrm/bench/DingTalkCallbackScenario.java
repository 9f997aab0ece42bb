package com.chatcrm.bench;

/** Scenario 2. DingTalk robot callback: see {@link CallbackBenchmark}. */
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
  public ScenarioResult run(BenchRun run) throws Exception {
    return CallbackBenchmark.run(run, this, CallbackLoad.Platform.DINGTALK);
  }
}
