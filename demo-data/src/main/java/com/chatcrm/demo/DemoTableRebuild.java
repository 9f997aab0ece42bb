package com.chatcrm.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A table's secondary indexes and foreign keys, dropped for the load and put back after it. */
final class DemoTableRebuild {
  final String table;
  final List<String> indexes = new ArrayList<>();
  final List<String[]> foreignKeys = new ArrayList<>();

  private DemoTableRebuild(String table) {
    this.table = table;
  }

  static DemoTableRebuild drop(Connection c, String table) throws SQLException {
    DemoTableRebuild r = new DemoTableRebuild(table);
    List<String> indexNames = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ?::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                            WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                              AND k.contype IN ('p', 'u', 'x'))
         ORDER BY 1
        """)) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          indexNames.add(rs.getString(1));
          r.indexes.add(rs.getString(2));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'f'"
                + " ORDER BY conname")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          r.foreignKeys.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    try (Statement st = c.createStatement()) {
      for (String name : indexNames) {
        st.execute("DROP INDEX " + name);
      }
      for (String[] fk : r.foreignKeys) {
        st.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + quote(fk[0]));
      }
    }
    return r;
  }

  void createIndexes(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String definition : indexes) {
        st.execute(definition);
      }
    }
  }

  void addForeignKeys(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String[] fk : foreignKeys) {
        st.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + quote(fk[0]) + " " + fk[1]);
      }
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
