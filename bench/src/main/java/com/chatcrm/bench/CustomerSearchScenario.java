package com.chatcrm.bench;

/** Scenario 5. Customer search over 1,000,000 customers: not written yet. */
public final class CustomerSearchScenario implements Scenario {

  @Override
  public String id() {
    return "customer-search";
  }

  @Override
  public String title() {
    return "5. Customer search over 1,000,000 customers";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
