package com.chatcrm.engine.transfer;

/** The statements of {@link LeaverHandovers}. $1 is always the tenant. */
final class HandoverSql {

  private HandoverSql() {}

  /** What a member ($2) still holds: customers, open opportunities, reminders not done. */
  static final String HOLDINGS =
      """
      SELECT u.name, u.active,
             (SELECT count(*) FROM customer c
               WHERE c.tenant_id = $1 AND c.owner_id = u.id AND c.deleted_at IS NULL) AS customers,
             (SELECT count(*) FROM opportunity o
               WHERE o.tenant_id = $1 AND o.owner_id = u.id AND o.status = 'open'
                 AND o.deleted_at IS NULL) AS opportunities,
             (SELECT count(*) FROM reminder r
               WHERE r.tenant_id = $1 AND r.owner_id = u.id
                 AND r.status IN ('pending', 'snoozed', 'sent')) AS reminders,
             EXISTS (SELECT 1 FROM leaver_handover h
                      WHERE h.tenant_id = $1 AND h.leaver_id = u.id) AS handed,
             (SELECT count(*) FROM audit_log a
               WHERE a.tenant_id = $1 AND a.entity_type = 'user' AND a.entity_id = u.id
                 AND a.action = 'handover') AS rounds
        FROM crm_user u WHERE u.tenant_id = $1 AND u.id = $2
      """;

  /** A hand-over of $2 done before they came back: their new departure is handed over anew. */
  static final String FORGET =
      "DELETE FROM leaver_handover WHERE tenant_id = $1 AND leaver_id = $2";

  /**
   * The leaver's ($2) nearest managers: the active leaders of their departments, else of the
   * nearest department above that has one (its leader manages the subtree, so sees the leaver).
   */
  static final String NEAREST_MANAGERS =
      """
      WITH RECURSIVE up AS (
        SELECT d.id, d.parent_id, 0 AS depth
          FROM user_department ud JOIN department d ON d.tenant_id = ud.tenant_id AND d.id = ud.department_id
         WHERE ud.tenant_id = $1 AND ud.user_id = $2
        UNION
        SELECT p.id, p.parent_id, up.depth + 1
          FROM department p JOIN up ON p.id = up.parent_id
         WHERE p.tenant_id = $1 AND up.depth < 32
      ), leads AS (
        SELECT up.depth, u.id, u.name
          FROM up JOIN department_manager dm ON dm.tenant_id = $1 AND dm.department_id = up.id
          JOIN crm_user u ON u.tenant_id = $1 AND u.id = dm.user_id AND u.active AND u.id <> $2
      )
      SELECT DISTINCT id, name FROM leads WHERE depth = (SELECT min(depth) FROM leads) ORDER BY name
      """;

  /** The company's active admins but the leaver ($2): who hears of a leaver nobody leads. */
  static final String ADMINS =
      "SELECT id, name FROM crm_user WHERE tenant_id = $1 AND active AND role = 'admin'"
          + " AND id <> $2 ORDER BY name";

  /** The leaver's ($2) active colleagues in their own departments, the first $3 by name. */
  static final String TEAM =
      """
      SELECT DISTINCT u.id, u.name
        FROM user_department mine
        JOIN user_department ud ON ud.tenant_id = mine.tenant_id AND ud.department_id = mine.department_id
        JOIN crm_user u ON u.tenant_id = ud.tenant_id AND u.id = ud.user_id AND u.active AND u.id <> $2
       WHERE mine.tenant_id = $1 AND mine.user_id = $2
       ORDER BY u.name LIMIT $3
      """;

  static final String USER_NAME = "SELECT name FROM crm_user WHERE tenant_id = $1 AND id = $2";

  static final String TIME_ZONE = "SELECT time_zone FROM tenant WHERE tenant_id = $1";

  /** Claims the hand-over of $2 to $3 by $4: nothing back when it was done already. */
  static final String CLAIM =
      """
      INSERT INTO leaver_handover (tenant_id, leaver_id, successor_id, handed_by, customers, opportunities, reminders)
      VALUES ($1, $2, $3, $4, 0, 0, 0)
      ON CONFLICT (tenant_id, leaver_id) DO NOTHING
      RETURNING handed_at
      """;

  static final String DONE =
      """
      SELECT h.successor_id, u.name AS successor_name, h.handed_at, h.customers, h.opportunities, h.reminders
        FROM leaver_handover h JOIN crm_user u ON u.tenant_id = h.tenant_id AND u.id = h.successor_id
       WHERE h.tenant_id = $1 AND h.leaver_id = $2
      """;

  static final String COUNTS =
      "UPDATE leaver_handover SET customers = $3, opportunities = $4, reminders = $5"
          + " WHERE tenant_id = $1 AND leaver_id = $2";

  // Each move audits every row it moved, in the same statement: $2 leaver, $3 successor, $4 actor
  // (null: the system), $5 source, $6 source ref.
  private static final String AUDIT =
      """
      , audited AS (
        INSERT INTO audit_log (tenant_id, actor_id, action, entity_type, entity_id, source, source_ref, changes)
        SELECT $1, $4, 'transfer', '%s', id, $5, $6,
               jsonb_build_object('ownerId', jsonb_build_object('from', $2::bigint, 'to', $3::bigint),
                                  'handover', true)
          FROM moved
        RETURNING 1
      )
      SELECT count(*) FROM audited
      """;

  static final String MOVE_CUSTOMERS =
      """
      WITH moved AS (
        UPDATE customer SET owner_id = $3, owned_since = now(), pool_warned_at = NULL,
                            version = version + 1, updated_at = now()
         WHERE tenant_id = $1 AND owner_id = $2 AND deleted_at IS NULL
        RETURNING id
      )
      """
          + AUDIT.formatted("customer");

  static final String MOVE_OPPORTUNITIES =
      """
      WITH moved AS (
        UPDATE opportunity SET owner_id = $3, version = version + 1, updated_at = now()
         WHERE tenant_id = $1 AND owner_id = $2 AND status = 'open' AND deleted_at IS NULL
        RETURNING id
      )
      """
          + AUDIT.formatted("opportunity");

  static final String MOVE_REMINDERS =
      """
      WITH moved AS (
        UPDATE reminder SET owner_id = $3, version = version + 1, updated_at = now()
         WHERE tenant_id = $1 AND owner_id = $2 AND status IN ('pending', 'snoozed', 'sent')
        RETURNING id
      )
      """
          + AUDIT.formatted("reminder");
}
