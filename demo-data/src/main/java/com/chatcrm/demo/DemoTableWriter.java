package com.chatcrm.demo;

import java.sql.SQLException;
import org.postgresql.copy.CopyManager;

/** What every table's writer shares: the load's COPY connection, its steps, and the plan. */
abstract class DemoTableWriter {

  private final CopyManager copy;
  final DemoSteps steps;
  final DemoPlan plan;
  final long tenantId;

  /** Scratch for decoding customer names; reused from row to row. */
  final DemoNames.Parts parts = new DemoNames.Parts();

  DemoTableWriter(CopyManager copy, DemoSteps steps, DemoPlan plan) {
    this.copy = copy;
    this.steps = steps;
    this.plan = plan;
    this.tenantId = plan.tenantId();
  }

  /** A COPY into {@code table}; rows carry {@code columns} in this order. */
  DemoCopyWriter copyInto(String table, String columns) throws SQLException {
    return new DemoCopyWriter(copy, table, columns);
  }
}
