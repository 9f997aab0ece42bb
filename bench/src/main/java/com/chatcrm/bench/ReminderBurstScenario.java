package com.chatcrm.bench;

/** Scenario 3. Reminder burst: not written yet. */
public final class ReminderBurstScenario implements Scenario {

  @Override
  public String id() {
    return "reminder-burst";
  }

  @Override
  public String title() {
    return "3. Reminder burst (100,000 due in one minute, 2,000 users, two nodes)";
  }

  @Override
  public ScenarioResult run(BenchRun run) {
    throw new UnsupportedOperationException("not written yet");
  }
}
