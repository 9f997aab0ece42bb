package com.chatcrm.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * One run of the bulk load, on one connection and in one transaction: locks the tables, reserves
 * each table's ids, COPYs the rows table by table, moves the identities past them, and when the
 * tables were empty rebuilds the indexes and foreign keys it dropped.
 */
final class DemoBulkLoad {

  private final Connection c;
  private final CopyManager copy;
  private final DemoOrg org;
  private final DemoSize size;
  private final long seed;
  private final long now;
  private final long zoneOffset;
  private final DemoSteps steps;
  private final DemoNames names;

  DemoBulkLoad(
      Connection c,
      DemoOrg org,
      DemoSize size,
      long seed,
      long now,
      long zoneOffset,
      DemoSteps steps)
      throws SQLException {
    this.c = c;
    this.copy = c.unwrap(PGConnection.class).getCopyAPI();
    this.org = org;
    this.size = size;
    this.seed = seed;
    this.now = now;
    this.zoneOffset = zoneOffset;
    this.steps = steps;
    this.names = new DemoNames(seed);
    if (size.customers() > names.capacity()) {
      throw new IllegalArgumentException("at most " + names.capacity() + " demo customers");
    }
  }

  /** Returns whether the indexes and foreign keys were dropped and rebuilt. */
  boolean run() throws SQLException {
    String tables = String.join(", ", DemoDataGenerator.BULK_TABLES);
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL maintenance_work_mem = '512MB'");
      st.execute("SET LOCAL work_mem = '64MB'");
      // Nobody else may insert while ids are reserved, so that COPY can carry explicit ids.
      st.execute("LOCK TABLE " + tables + " IN SHARE ROW EXCLUSIVE MODE");
    }
    boolean rebuild = allEmpty();
    List<DemoTableRebuild> rebuilds = new ArrayList<>();
    if (rebuild) {
      try (Statement st = c.createStatement()) {
        st.execute("LOCK TABLE " + tables + " IN ACCESS EXCLUSIVE MODE");
      }
      for (String table : DemoDataGenerator.BULK_TABLES) {
        rebuilds.add(DemoTableRebuild.drop(c, table));
      }
    }
    DemoTenantRules rules = DemoTenantRules.read(c, org.tenantId);

    long t = System.nanoTime();
    DemoPlan plan = new DemoPlan(org, size, seed, now, zoneOffset, names, rules);
    steps.finished("plan (in memory)", size.customers(), t);

    long customerBase = reserve("customer");
    DemoCustomerWriter customers = new DemoCustomerWriter(copy, steps, plan, rules, customerBase);
    timed("customer", customers::customers);
    timed("customer_collaborator", customers::collaborators);
    long contactBase = reserve("contact");
    timed("contact", () -> customers.contacts(contactBase));
    long opportunityBase = reserve("opportunity");
    DemoOpportunityWriter opportunities =
        new DemoOpportunityWriter(copy, steps, plan, rules, customerBase, opportunityBase);
    timed("opportunity", opportunities::opportunityRows);
    long moveBase = reserve("opportunity_stage_move");
    long moves = timed("opportunity_stage_move", () -> opportunities.stageMoves(moveBase));
    long followUpBase = reserve("follow_up");
    DemoFollowUpWriter followUps =
        new DemoFollowUpWriter(
            copy,
            steps,
            plan,
            customerBase,
            opportunityBase,
            opportunities.createdAt(),
            followUpBase);
    List<long[]> reminders = new ArrayList<>();
    timed("follow_up", () -> followUps.followUpRows(reminders));
    long reminderBase = reserve("reminder");
    timed("reminder", () -> followUps.reminderRows(reminderBase, reminders));

    setSequence("customer", customerBase, size.customers());
    setSequence("contact", contactBase, size.contacts());
    setSequence("opportunity", opportunityBase, size.opportunities());
    setSequence("opportunity_stage_move", moveBase, moves);
    setSequence("follow_up", followUpBase, size.followUps());
    setSequence("reminder", reminderBase, size.reminders());

    for (DemoTableRebuild r : rebuilds) {
      t = System.nanoTime();
      r.createIndexes(c);
      steps.finished(r.table + " indexes (" + r.indexes.size() + ")", 0, t);
    }
    t = System.nanoTime();
    for (DemoTableRebuild r : rebuilds) {
      r.addForeignKeys(c);
    }
    if (rebuild) {
      steps.finished(
          "foreign keys (" + rebuilds.stream().mapToInt(r -> r.foreignKeys.size()).sum() + ")",
          0,
          t);
    }
    rules.save(c, org.tenantId);
    auditLog();
    return rebuild;
  }

  private boolean allEmpty() throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT NOT (false");
    for (String table : DemoDataGenerator.BULK_TABLES) {
      sql.append(" OR EXISTS (SELECT 1 FROM ").append(table).append(')');
    }
    sql.append(')');
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * The first id for the table's rows: the identity's next value. The tables are locked against
   * inserts, so the ids after it stay free until {@link #setSequence} moves the identity past them.
   */
  private long reserve(String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT nextval(pg_get_serial_sequence('" + table + "', 'id'))")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Leaves the identity at the last id written, so the next insert gets a fresh one. */
  private void setSequence(String table, long base, long n) throws SQLException {
    if (n == 0) {
      return;
    }
    try (Statement st = c.createStatement()) {
      st.execute(
          "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + (base + n - 1) + ")");
    }
  }

  private interface Rows {
    long write() throws SQLException;
  }

  private long timed(String table, Rows rows) throws SQLException {
    long t = System.nanoTime();
    long n = rows.write();
    steps.finished(table, n, t);
    return n;
  }

  /** What was generated, in the tenant's audit log. */
  private void auditLog() throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_log (tenant_id, actor_id, action, entity_type, entity_id, source, source_ref, changes)"
                + " VALUES (?, NULL, 'demo_data', 'tenant', ?, 'system', 'demo-data', ?::jsonb)")) {
      ps.setLong(1, org.tenantId);
      ps.setLong(2, org.tenantId);
      ps.setString(
          3,
          String.format(
              "{\"seed\": %d, \"reps\": %d, \"customers\": %d, \"opportunities\": %d, \"followUps\": %d,"
                  + " \"reminders\": %d, \"contacts\": %d}",
              seed,
              size.reps(),
              size.customers(),
              size.opportunities(),
              size.followUps(),
              size.reminders(),
              size.contacts()));
      ps.executeUpdate();
    }
  }
}
