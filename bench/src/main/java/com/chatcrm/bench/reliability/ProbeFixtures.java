package com.chatcrm.bench.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the demo data lacks and the rule turns on: 公海 customers, collaborators and @-mentions.
 * Written straight into the database before the first request (the mini-app has no way to release
 * to the pool or @ someone), once per database, as the product would have left them: a pool
 * customer has no owner; a mention makes its addressee a collaborator.
 */
final class ProbeFixtures {

  static final int POOL_PER_TENANT = 15;
  static final int MENTIONS_PER_TENANT = 12;

  private static final String TO_POOL =
      """
      UPDATE customer SET owner_id = NULL, in_pool = true, pool_since = now(), owned_since = NULL,
             version = version + 1, updated_at = now() WHERE tenant_id = ? AND id = ?""";

  private ProbeFixtures() {}

  /** Adds the fixtures unless an earlier run did; answers a sentence for the report. */
  static String prepare(Connection db, List<ProbeUser> users, long seed) throws SQLException {
    try (PreparedStatement s =
            db.prepareStatement(
                "SELECT (SELECT count(*) FROM customer WHERE in_pool) + (SELECT count(*) FROM mention)");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      if (rs.getLong(1) > 0) {
        return "The database already had pool customers or mentions; none were added.";
      }
    }
    Random random = new Random(seed);
    boolean auto = db.getAutoCommit();
    db.setAutoCommit(false);
    try {
      for (long tenant : users.stream().map(ProbeUser::tenantId).distinct().toList()) {
        List<long[]> owned = owned(db, tenant);
        java.util.Collections.shuffle(owned, random);
        try (PreparedStatement pool = db.prepareStatement(TO_POOL)) {
          for (long[] c : owned.subList(0, POOL_PER_TENANT)) {
            pool.setLong(1, tenant);
            pool.setLong(2, c[0]);
            pool.addBatch();
          }
          pool.executeBatch();
        }
        List<ProbeUser> members = users.stream().filter(u -> u.tenantId() == tenant).toList();
        try (PreparedStatement mention =
                db.prepareStatement(
                    """
            INSERT INTO mention (tenant_id, from_user_id, to_user_id, customer_id, text) VALUES (?, ?, ?, ?, ?)""");
            PreparedStatement collaborator =
                db.prepareStatement(
                    """
                INSERT INTO customer_collaborator (tenant_id, customer_id, user_id, added_by) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
          for (long[] c : owned.subList(POOL_PER_TENANT, POOL_PER_TENANT + MENTIONS_PER_TENANT)) {
            long owner = c[1];
            List<ProbeUser> others = members.stream().filter(u -> u.userId() != owner).toList();
            long to = others.get(random.nextInt(others.size())).userId();
            mention.setLong(1, tenant);
            mention.setLong(2, owner);
            mention.setLong(3, to);
            mention.setLong(4, c[0]);
            mention.setString(5, "探针 @ 帮忙看下这个客户");
            mention.addBatch();
            collaborator.setLong(1, tenant);
            collaborator.setLong(2, c[0]);
            collaborator.setLong(3, to);
            collaborator.setLong(4, owner);
            collaborator.addBatch();
          }
          mention.executeBatch();
          collaborator.executeBatch();
        }
      }
      db.commit();
    } finally {
      db.setAutoCommit(auto);
    }
    return "Before the first request each company got "
        + POOL_PER_TENANT
        + " 公海 customers and "
        + MENTIONS_PER_TENANT
        + " @-mentions (each making its addressee a collaborator), written into the database:"
        + " the demo data has neither.";
  }

  /**
   * Puts a few private customers back into the 公海 of each company whose pool claims have emptied,
   * so claims and pool reads keep meeting pool customers (the mini-app cannot release one).
   */
  static void refillPool(Connection db, Random random) throws SQLException {
    List<Long> tenants = new ArrayList<>();
    try (PreparedStatement s =
            db.prepareStatement(
                """
        SELECT t.tenant_id FROM tenant t WHERE (SELECT count(*) FROM customer c WHERE c.tenant_id = t.tenant_id
           AND c.in_pool AND c.deleted_at IS NULL) < 3""");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tenants.add(rs.getLong(1));
      }
    }
    for (long tenant : tenants) {
      List<long[]> owned = owned(db, tenant);
      java.util.Collections.shuffle(owned, random);
      try (PreparedStatement pool = db.prepareStatement(TO_POOL)) {
        for (long[] c : owned.subList(0, Math.min(5, owned.size()))) {
          pool.setLong(1, tenant);
          pool.setLong(2, c[0]);
          pool.addBatch();
        }
        pool.executeBatch();
      }
    }
  }

  private static List<long[]> owned(Connection db, long tenant) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id, owner_id FROM customer WHERE tenant_id = ? AND NOT in_pool AND deleted_at IS NULL ORDER BY id")) {
      s.setLong(1, tenant);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
    return out;
  }
}
