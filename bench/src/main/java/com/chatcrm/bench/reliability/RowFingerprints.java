package com.chatcrm.bench.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One text per record that changes whenever a write touched it: the row's version and change
 * columns plus the rows hanging off it. Taken before and after a request the rule forbids, a
 * difference is a wrong write.
 */
final class RowFingerprints {

  private static final String CUSTOMER =
      """
      SELECT concat_ws('|', c.version, c.updated_at, c.owner_id, c.in_pool, c.deleted_at, c.region, c.level,
        (SELECT count(*) FROM contact x WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id),
        (SELECT count(*) FROM follow_up x WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id),
        (SELECT count(*) FROM reminder x WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id),
        (SELECT count(*) FROM opportunity x WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id),
        (SELECT count(*) FROM customer_collaborator x WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id),
        (SELECT count(*) FROM pool_event x WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id))
        FROM customer c WHERE c.id = ?""";
  private static final String OPPORTUNITY =
      """
      SELECT concat_ws('|', o.version, o.updated_at, o.stage_id, o.status, o.deleted_at,
        (SELECT count(*) FROM opportunity_stage_move m WHERE m.tenant_id = o.tenant_id AND m.opportunity_id = o.id))
        FROM opportunity o WHERE o.id = ?""";
  private static final String REMINDER =
      "SELECT concat_ws('|', version, updated_at, status, due_at) FROM reminder WHERE id = ?";
  private static final String MENTION =
      "SELECT concat_ws('|', status, done_at) FROM mention WHERE id = ?";

  /** What a request's target is, for the fingerprint. */
  enum Kind {
    CUSTOMER,
    OPPORTUNITY,
    REMINDER,
    MENTION
  }

  private final Connection db;

  RowFingerprints(Connection db) {
    this.db = db;
  }

  /** The record's fingerprint, or "-" when no row has the id. */
  String of(Kind kind, long id) throws SQLException {
    String sql =
        switch (kind) {
          case CUSTOMER -> CUSTOMER;
          case OPPORTUNITY -> OPPORTUNITY;
          case REMINDER -> REMINDER;
          case MENTION -> MENTION;
        };
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "-";
      }
    }
  }
}
