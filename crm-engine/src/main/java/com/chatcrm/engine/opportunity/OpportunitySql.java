package com.chatcrm.engine.opportunity;

/** Every statement on opportunities and their stage moves, in one place. */
final class OpportunitySql {

  private OpportunitySql() {}

  static final String COLUMNS =
      """
      o.id, o.customer_id, c.name AS customer_name, c.deleted_at AS customer_deleted_at, o.name, o.amount,
      o.expected_close, o.stage_id, s.name AS stage_name, s.active AS stage_active, o.status, o.lost_reason,
      o.probability, o.owner_id, u.name AS owner_name, o.closed_at, o.created_by, o.created_at, o.updated_at,
      o.version, o.deleted_at
      """;

  static final String FROM =
      """
       FROM opportunity o
       JOIN customer c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id
       JOIN opportunity_stage s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id
       JOIN crm_user u ON u.tenant_id = o.tenant_id AND u.id = o.owner_id
      """;

  static final String BY_ID = "SELECT " + COLUMNS + FROM + " WHERE o.tenant_id = $1 AND o.id = $2";

  /**
   * Locks the row on its own: with the joins of {@link #BY_ID}, a row changed by a concurrent
   * writer is re-checked against the stage row read before the wait, no longer matches, and the
   * query would answer "not found" instead of the newer version.
   */
  static final String LOCK =
      "SELECT 1 FROM opportunity WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

  /** Open ones first, then the most recently touched. */
  static final String BY_CUSTOMER =
      "SELECT "
          + COLUMNS
          + FROM
          + " WHERE o.tenant_id = $1 AND o.customer_id = $2 AND o.deleted_at IS NULL"
          + " ORDER BY (o.status = 'open') DESC, o.updated_at DESC, o.id DESC";

  /** The customer with what {@code CustomerRules} needs, in the shape of a {@code Customer}. */
  /**
   * A won deal makes its customer a 成交 customer: answers the level it had, no row when it already
   * was one.
   */
  static final String CUSTOMER_WON =
      """
      WITH before AS (SELECT level FROM customer WHERE tenant_id = $1 AND id = $2 AND level <> 'deal' FOR UPDATE)
      UPDATE customer c SET level = 'deal', version = c.version + 1, updated_at = now()
        FROM before WHERE c.tenant_id = $1 AND c.id = $2
      RETURNING before.level
      """;

  /**
   * Undoing a win: the customer gets back the level in the audit row the win wrote ($2's latest
   * move into won and the customer's level row share the transaction's now()), only while that row
   * is still the customer's latest level change, the level is still deal and no other live deal of
   * the customer is won.
   */
  static final String CUSTOMER_UNWON =
      """
      WITH win AS (
        SELECT at FROM audit_log WHERE tenant_id = $1 AND entity_type = 'opportunity' AND entity_id = $2
          AND action = 'stage_move' AND changes -> 'status' ->> 'to' = 'won' ORDER BY at DESC, id DESC LIMIT 1),
      last AS (
        SELECT at, changes -> 'level' ->> 'from' AS level, changes -> 'level' ->> 'to' AS made FROM audit_log
        WHERE tenant_id = $1 AND entity_type = 'customer' AND entity_id = $3 AND action = 'update'
          AND jsonb_typeof(changes -> 'level') = 'object' ORDER BY at DESC, id DESC LIMIT 1)
      UPDATE customer c SET level = last.level, version = c.version + 1, updated_at = now()
        FROM win, last
       WHERE c.tenant_id = $1 AND c.id = $3 AND c.level = 'deal' AND last.made = 'deal' AND last.at = win.at
         AND last.level IS NOT NULL AND last.level <> 'deal'
         AND NOT EXISTS (SELECT 1 FROM opportunity o WHERE o.tenant_id = $1 AND o.customer_id = $3 AND o.id <> $2
                           AND o.status = 'won' AND o.deleted_at IS NULL)
      RETURNING last.level
      """;

  static final String CUSTOMER =
      """
      SELECT c.id, c.name, c.short_name, c.aliases, c.industry, c.region, c.source, c.level, c.phones,
             c.address, c.tags, c.owner_id, u.name AS owner_name, c.in_pool, c.last_follow_up_at,
             c.created_at, c.updated_at, c.version, c.deleted_at,
             ARRAY(SELECT cc.user_id FROM customer_collaborator cc
                    WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id ORDER BY cc.user_id) AS collaborators
        FROM customer c LEFT JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id
       WHERE c.tenant_id = $1 AND c.id = $2
      """;

  static final String INSERT =
      """
      INSERT INTO opportunity (tenant_id, customer_id, name, amount, expected_close, stage_id, status,
                               probability, owner_id, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9)
      RETURNING id
      """;

  static final String UPDATE =
      """
      UPDATE opportunity SET name = $3, amount = $4, expected_close = $5, probability = $6,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  /**
   * A move into an open stage reopens: closed_at and lost_reason go; into won/lost it closes now.
   */
  static final String MOVE =
      """
      UPDATE opportunity SET stage_id = $3, status = $4::text, probability = $5, lost_reason = $6,
             closed_at = CASE WHEN $4::text = 'open' THEN NULL ELSE now() END,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  static final String TRANSFER =
      "UPDATE opportunity SET owner_id = $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String SOFT_DELETE =
      "UPDATE opportunity SET deleted_at = now(), version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String RESTORE =
      "UPDATE opportunity SET deleted_at = NULL, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String INSERT_MOVE =
      "INSERT INTO opportunity_stage_move (tenant_id, opportunity_id, from_stage_id, to_stage_id, moved_by)"
          + " VALUES ($1, $2, $3, $4, $5)";

  static final String MOVES =
      """
      SELECT m.id, m.from_stage_id, fs.name AS from_name, m.to_stage_id, ts.name AS to_name,
             m.moved_by, u.name AS moved_by_name, m.moved_at
        FROM opportunity_stage_move m
        LEFT JOIN opportunity_stage fs ON fs.tenant_id = m.tenant_id AND fs.id = m.from_stage_id
        LEFT JOIN opportunity_stage ts ON ts.tenant_id = m.tenant_id AND ts.id = m.to_stage_id
        JOIN crm_user u ON u.tenant_id = m.tenant_id AND u.id = m.moved_by
       WHERE m.tenant_id = $1 AND m.opportunity_id = $2
       ORDER BY m.moved_at, m.id
      """;
}
