package com.chatcrm.bench;

import com.chatcrm.engine.db.DatabaseLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time (user + system) spent by the node and by the PostgreSQL sessions connected to its
 * database, read from {@code /proc}: what a unit of work costs, independent of how busy the shared
 * machine was. Sessions of a remote database are not visible here; then only the node is counted.
 */
final class ProcessingCpu {

  /** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux we run on (getconf CLK_TCK). */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * One reading; {@code databaseMillis} is negative when the database's sessions could not be read.
   */
  record Reading(double nodeMillis, double databaseMillis) {

    Reading minus(Reading earlier) {
      return new Reading(
          nodeMillis - earlier.nodeMillis,
          databaseMillis < 0 || earlier.databaseMillis < 0
              ? -1
              : databaseMillis - earlier.databaseMillis);
    }
  }

  private ProcessingCpu() {}

  static Reading read(long nodePid, DatabaseLocation db) throws SQLException {
    return read(List.of(nodePid), db);
  }

  /** Several nodes on one database: their CPU together, and that of all its sessions. */
  static Reading read(List<Long> nodePids, DatabaseLocation db) throws SQLException {
    double node = 0;
    for (long pid : nodePids) {
      node += Math.max(0, millis(pid));
    }
    double database = 0;
    int local = 0;
    for (long pid : sessions(db)) {
      double m = millis(pid);
      // a session that ended since pg_stat_activity listed it is gone from /proc too
      if (m >= 0) {
        database += m;
        local++;
      }
    }
    return new Reading(node, local == 0 ? -1 : database);
  }

  /** The node's sessions, i.e. the database's sessions other than this reading's own. */
  private static List<Long> sessions(DatabaseLocation db) throws SQLException {
    List<Long> pids = new ArrayList<>();
    try (Connection c = BenchDatabase.connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        pids.add(rs.getLong(1));
      }
    }
    return pids;
  }

  /** utime + stime of a process in milliseconds, or -1 when it is not a local process. */
  private static double millis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name in parentheses may hold spaces: fields are counted after its closing
      // parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
