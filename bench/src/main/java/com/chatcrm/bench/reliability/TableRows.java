package com.chatcrm.bench.reliability;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.engine.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row counts of the tables a callback can write to: the inbox, and what processing a message
 * creates. Tables the schedulers also fill on their own (outbound messages for due reminders, pool
 * events, audit of reclaims, run bookkeeping) are left out, so that a count that moved means a
 * callback got through.
 */
final class TableRows {

  static final List<String> TABLES =
      List.of(
          "inbound_event",
          "follow_up",
          "customer",
          "contact",
          "opportunity",
          "command_reply",
          "mention",
          "conversation_state",
          "tenant",
          "tenant_channel",
          "crm_user");

  private TableRows() {}

  static Map<String, Long> count(String databaseUrl) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = BenchDatabase.connect(DatabaseLocation.fromUrl(databaseUrl));
        Statement s = c.createStatement()) {
      for (String t : TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  /**
   * Rows added per table between two counts (only tables that changed); the sum is {@link #added}.
   */
  static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new LinkedHashMap<>();
    after.forEach(
        (t, n) -> {
          long d = n - before.getOrDefault(t, 0L);
          if (d != 0) {
            out.put(t, d);
          }
        });
    return out;
  }

  static long added(Map<String, Long> diff) {
    return diff.values().stream().mapToLong(Math::abs).sum();
  }

  /**
   * Callbacks in the inbox not yet processed, those being processed and those waiting for a retry
   * included.
   */
  static long dueInbox(String databaseUrl) throws SQLException {
    try (Connection c = BenchDatabase.connect(DatabaseLocation.fromUrl(databaseUrl));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                // a row being processed stays pending with its lease ahead: drained means none left
                "SELECT count(*) FROM inbound_event WHERE status = 'pending'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
