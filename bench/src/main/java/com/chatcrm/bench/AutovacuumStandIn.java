package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On a server with autovacuum off, vacuums and analyzes the scenario's tables once a minute as
 * autovacuum's default naptime and thresholds would on any production server: callbacks update the
 * same few hundred customers thousands of times, and without it every later statement walks their
 * dead row versions (seen: 23,184 dead versions of 480 customers after one run, PostgreSQL's CPU
 * per callback twice that of a fresh database). Does nothing where autovacuum is on.
 */
final class AutovacuumStandIn implements AutoCloseable {

  static final long EVERY_SECONDS = 60;

  private final ScheduledExecutorService timer;
  private final AtomicInteger runs = new AtomicInteger();

  private AutovacuumStandIn(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static AutovacuumStandIn start(DatabaseLocation db) throws SQLException {
    if (!autovacuumOff(db)) {
      return new AutovacuumStandIn(null);
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "autovacuum-stand-in");
              t.setDaemon(true);
              return t;
            });
    AutovacuumStandIn standIn = new AutovacuumStandIn(timer);
    timer.scheduleWithFixedDelay(
        () -> standIn.vacuum(db), EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    return standIn;
  }

  /**
   * "off on this server: vacuumed by the harness every 60 s (7 times)", or null where autovacuum is
   * on.
   */
  String describe() {
    return timer == null
        ? null
        : "off on this server: the harness vacuumed and analyzed its tables by autovacuum's default thresholds every "
            + EVERY_SECONDS
            + " s, as autovacuum's default naptime would ("
            + runs.get()
            + " times)";
  }

  /**
   * Each table autovacuum would take now, by its default thresholds (dead rows over 50 + 20% of the
   * table, rows inserted since its last vacuum over 1,000 + 20%, changes since its last analyze
   * over 50 + 10%); a database-wide VACUUM (ANALYZE) every minute also re-read and re-sampled
   * tables nothing had touched, CPU taken from the drain being measured.
   */
  private void vacuum(DatabaseLocation db) {
    try (Connection c = BenchDatabase.connect(db);
        Statement s = c.createStatement()) {
      List<String> commands = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              """
              SELECT format('%I.%I', t.schemaname, t.relname),
                     t.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
                       OR t.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0),
                     t.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
                FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
              """)) {
        while (rs.next()) {
          boolean vacuum = rs.getBoolean(2);
          boolean analyze = rs.getBoolean(3);
          if (vacuum || analyze) {
            commands.add(
                (vacuum ? (analyze ? "VACUUM (ANALYZE) " : "VACUUM ") : "ANALYZE ")
                    + rs.getString(1));
          }
        }
      }
      for (String command : commands) {
        s.execute(command);
      }
      runs.incrementAndGet();
    } catch (SQLException e) {
      System.err.println("bench: vacuum of " + db.database() + " failed: " + e.getMessage());
    }
  }

  private static boolean autovacuumOff(DatabaseLocation db) throws SQLException {
    try (Connection c = BenchDatabase.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW autovacuum")) {
      rs.next();
      return "off".equals(rs.getString(1));
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
