package com.chatcrm.bench;

/** Scenario 1. WeCom callback: see {@link CallbackBenchmark}. */
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
  public ScenarioResult run(BenchRun run) throws Exception {
    return CallbackBenchmark.run(run, this, CallbackLoad.Platform.WECOM);
  }
}
