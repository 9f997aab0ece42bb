package com.chatcrm.bench;

import java.util.List;
import java.util.Optional;

/** Every scenario, in the order; the command line picks them by id. */
public final class Scenarios {

  private Scenarios() {}

  public static List<Scenario> all() {
    return List.of(
        new WeComCallbackScenario(),
        new DingTalkCallbackScenario(),
        new ReminderBurstScenario(),
        new PipelineSummaryScenario(),
        new CustomerSearchScenario(),
        new DailyReportsScenario(),
        new MemoryScenario(),
        new CustomerImportScenario(),
        new CustomerExportScenario(),
        new ScaleOutScenario());
  }

  public static Optional<Scenario> byId(String id) {
    return all().stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
