package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On a server with autovacuum off, vacuums the scenario's database once a minute, as autovacuum's
 * default naptime would on any production server: callbacks update the same few hundred customers
 * thousands of times, and without it every later statement walks their dead row versions (seen:
 * 23,184 dead versions of 480 customers after one run, PostgreSQL's CPU per callback twice that of
 * a fresh database). Does nothing where autovacuum is on.
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
        : "off on this server: the harness vacuumed the database every "
            + EVERY_SECONDS
            + " s, as autovacuum's default naptime would ("
            + runs.get()
            + " times)";
  }

  private void vacuum(DatabaseLocation db) {
    try (Connection c = BenchDatabase.connect(db);
        Statement s = c.createStatement()) {
      s.execute("VACUUM (ANALYZE)");
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
