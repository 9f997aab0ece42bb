package com.chatcrm.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The tenant's pool rule and opportunity stages, which the generated data has to agree with. */
final class DemoTenantRules {

  /** Reclaim days per level (0 = never). */
  final int[] reclaimDays = new int[4];

  /** Stage ids and probabilities by position 1..6. */
  final long[] stageId = new long[7];

  final int[] stageProbability = new int[7];

  private Integer maxPrivate;

  private DemoTenantRules() {}

  static DemoTenantRules read(Connection c, long tenantId) throws SQLException {
    DemoTenantRules rules = new DemoTenantRules();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT reclaim_days_potential, reclaim_days_intent, reclaim_days_deal, reclaim_days_lost, max_private"
                + " FROM pool_rule WHERE tenant_id = ?")) {
      ps.setLong(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          for (int l = 0; l < 4; l++) {
            rules.reclaimDays[l] = rs.getInt(l + 1);
          }
          int mp = rs.getInt(5);
          rules.maxPrivate = rs.wasNull() ? null : mp;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT position, id, probability FROM opportunity_stage WHERE tenant_id = ? ORDER BY position")) {
      ps.setLong(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int position = rs.getInt(1);
          if (position >= 1 && position <= 6) {
            rules.stageId[position] = rs.getLong(2);
            rules.stageProbability[position] = rs.getInt(3);
          }
        }
      }
    }
    for (int p = 1; p <= 6; p++) {
      if (rules.stageId[p] == 0) {
        throw new IllegalStateException("the tenant lacks the default opportunity stages");
      }
    }
    return rules;
  }

  /** Raises the private-customer limit above what the busiest rep holds ({@code most}). */
  void makeRoomFor(long most) {
    if (maxPrivate != null && most + 20 > maxPrivate) {
      // The default limit (200 private customers a rep) is for real teams; demo reps hold
      // thousands.
      maxPrivate = (int) ((most * 5 / 4) / 100 + 1) * 100;
    }
  }

  /** Stores a raised limit; never lowers the tenant's own. */
  void save(Connection c, long tenantId) throws SQLException {
    if (maxPrivate == null) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE pool_rule SET max_private = ?, updated_at = now() WHERE tenant_id = ? AND max_private < ?")) {
      ps.setInt(1, maxPrivate);
      ps.setLong(2, tenantId);
      ps.setInt(3, maxPrivate);
      ps.executeUpdate();
    }
  }
}
