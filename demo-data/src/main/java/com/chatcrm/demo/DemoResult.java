package com.chatcrm.demo;

import java.time.Duration;
import java.util.List;

/**
 * What the generator made: the tenant, its people, and how long each step took.
 *
 * @param rebuiltIndexes whether the tables were empty, so their indexes and foreign keys were
 *     dropped for the load and rebuilt after it (much faster), rather than kept and maintained row
 *     by row
 */
public record DemoResult(
    long tenantId,
    long adminId,
    List<Long> managerIds,
    List<Long> repIds,
    boolean rebuiltIndexes,
    List<Step> steps,
    Duration total) {

  /** One timed step: a table's COPY, an index rebuild, the org set-up. */
  public record Step(String name, long rows, Duration elapsed) {

    public long rowsPerSecond() {
      return DemoProgress.rate(rows, elapsed);
    }
  }

  /** The rows written by the step named {@code name}, or 0. */
  public long rows(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).mapToLong(Step::rows).sum();
  }
}
