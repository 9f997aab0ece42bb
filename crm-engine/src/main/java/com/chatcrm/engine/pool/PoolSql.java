package com.chatcrm.engine.pool;

/**
 * Every statement of the customer pool, in one place. In pool_event, {@code user_id} is the rep the
 * customer went to (claim, assign) or came from (release, reclaim); who acted is in the audit log.
 */
final class PoolSql {

  private PoolSql() {}

  /**
   * When the reclaim clock last restarted; the same expression as the index customer_reclaim_idx.
   */
  static final String ACTIVITY_AT = "GREATEST(c.last_follow_up_at, c.owned_since, c.created_at)";

  // ------------------------------------------------------------------ rules

  static final String RULE_COLUMNS =
      """
      r.reclaim_days_potential, r.reclaim_days_intent, r.reclaim_days_deal, r.reclaim_days_lost,
      r.warn_days_before, r.max_private, r.max_claims_per_day
      """;

  /** The tenant's time zone and rule; the rule columns are null when the tenant has no rule row. */
  static final String CALENDAR =
      "SELECT t.time_zone, r.tenant_id AS rule_tenant, "
          + RULE_COLUMNS
          + " FROM tenant t LEFT JOIN pool_rule r ON r.tenant_id = t.tenant_id WHERE t.tenant_id = $1";

  /**
   * The rule row, locked, so that two admins editing at once each see the other's change in the
   * diff.
   */
  static final String RULE_FOR_UPDATE =
      "SELECT " + RULE_COLUMNS + " FROM pool_rule r WHERE r.tenant_id = $1 FOR UPDATE";

  static final String UPSERT_RULE =
      """
      INSERT INTO pool_rule (tenant_id, reclaim_days_potential, reclaim_days_intent, reclaim_days_deal,
                             reclaim_days_lost, warn_days_before, max_private, max_claims_per_day)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (tenant_id) DO UPDATE SET
        reclaim_days_potential = EXCLUDED.reclaim_days_potential,
        reclaim_days_intent = EXCLUDED.reclaim_days_intent,
        reclaim_days_deal = EXCLUDED.reclaim_days_deal,
        reclaim_days_lost = EXCLUDED.reclaim_days_lost,
        warn_days_before = EXCLUDED.warn_days_before,
        max_private = EXCLUDED.max_private,
        max_claims_per_day = EXCLUDED.max_claims_per_day,
        updated_at = now()
      """;

  // ------------------------------------------------------------------ claim, release, assign

  /**
   * Locks a user's row so that one rep's claims (and assignments to them) run one after another and
   * their limit checks count each other. NO KEY UPDATE leaves foreign-key checks on the row free.
   */
  static final String LOCK_USER =
      "SELECT name FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active FOR NO KEY UPDATE";

  /** The customer's pool state, locked; no join, so a waiting claim re-reads the winner's row. */
  static final String LOCK_CUSTOMER =
      """
      SELECT id, name, owner_id, in_pool, deleted_at IS NOT NULL AS deleted
        FROM customer WHERE tenant_id = $1 AND id = $2
         FOR UPDATE
      """;

  /**
   * Who holds a customer that is not in the pool, and whether they claimed it or were assigned it
   * (null when it came to them otherwise: created, transferred). $2 customer, $3 owner.
   */
  static final String HELD_BY =
      """
      SELECT u.name,
             (SELECT e.kind FROM pool_event e
               WHERE e.tenant_id = $1 AND e.customer_id = $2 AND e.user_id = $3 AND e.kind IN ('claim', 'assign')
               ORDER BY e.at DESC, e.id DESC LIMIT 1) AS how
        FROM crm_user u WHERE u.tenant_id = $1 AND u.id = $3
      """;

  static final String COUNT_PRIVATE =
      "SELECT count(*) FROM customer WHERE tenant_id = $1 AND owner_id = $2 AND deleted_at IS NULL";

  /** $3, $4: the tenant's day, as instants. */
  static final String COUNT_CLAIMS_TODAY =
      """
      SELECT count(*) FROM pool_event
       WHERE tenant_id = $1 AND user_id = $2 AND kind = 'claim' AND at >= $3 AND at < $4
      """;

  /** $3 the new owner, $4 now. The reclaim clock restarts with the new owner. */
  static final String TAKE_FROM_POOL =
      """
      UPDATE customer SET owner_id = $3, in_pool = false, pool_since = NULL, pool_warned_at = NULL,
             owned_since = $4, version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND in_pool AND deleted_at IS NULL
      """;

  /** $3 now. */
  static final String PUT_INTO_POOL =
      """
      UPDATE customer SET owner_id = NULL, in_pool = true, pool_since = $3, pool_warned_at = NULL,
             owned_since = NULL, version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND NOT in_pool
      """;

  static final String REMOVE_COLLABORATORS =
      "DELETE FROM customer_collaborator WHERE tenant_id = $1 AND customer_id = ANY($2) RETURNING customer_id, user_id";

  /** $2 customer, $3 kind, $4 user, $5 at. */
  static final String INSERT_EVENT =
      "INSERT INTO pool_event (tenant_id, customer_id, kind, user_id, at) VALUES ($1, $2, $3, $4, $5)";

  // ------------------------------------------------------------------ list

  /**
   * $2 level, $3 industry, $4 region (null = any); then the keyset and the limit, filled in by
   * LIST_FIRST and LIST_AFTER. The previous owner is who the newest release or reclaim took it
   * from.
   */
  private static final String LIST =
      """
      SELECT c.id, c.name, c.short_name, c.industry, c.region, c.level, c.phones, c.tags,
             COALESCE(c.pool_since, c.created_at) AS pool_time, c.last_follow_up_at, c.version,
             prev.user_id AS previous_owner_id, pu.name AS previous_owner_name
        FROM customer c
        LEFT JOIN LATERAL (SELECT e.user_id FROM pool_event e
                            WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.id
                              AND e.kind IN ('release', 'reclaim')
                            ORDER BY e.at DESC, e.id DESC LIMIT 1) prev ON true
        LEFT JOIN crm_user pu ON pu.tenant_id = c.tenant_id AND pu.id = prev.user_id
       WHERE c.tenant_id = $1 AND c.in_pool AND c.deleted_at IS NULL
         AND ($2::text IS NULL OR c.level = $2)
         AND ($3::text IS NULL OR c.industry = $3)
         AND ($4::text IS NULL OR c.region = $4)
         %s
       ORDER BY COALESCE(c.pool_since, c.created_at) DESC, c.id DESC
       LIMIT %s
      """;

  /** The first page; $5 limit. */
  static final String LIST_FIRST = LIST.formatted("", "$5");

  /**
   * The page after the row ($5 pool time, $6 id); $7 limit. A separate statement rather than an "IS
   * NULL OR" so that the keyset stays an index condition of customer_pool_list_idx.
   */
  static final String LIST_AFTER =
      LIST.formatted("AND (COALESCE(c.pool_since, c.created_at), c.id) < ($5, $6)", "$7");

  // ------------------------------------------------------------------ warnings and reclaim

  /**
   * Private customers whose reclaim day falls within the warning window, not warned since their
   * last activity. $2 levels, $3 window start, $4 window end (per level), $5 limit. One index range
   * per level, walked in activity order: with the cutoffs unknown when the plan is made, that order
   * is what keeps the planner on customer_reclaim_idx instead of scanning the tenant.
   */
  static final String DUE_FOR_WARNING =
      """
      SELECT d.*, u.name AS owner_name
        FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(level, not_before, before)
        CROSS JOIN LATERAL (
          SELECT c.id, c.name, c.level, c.owner_id, %1$s AS activity_at
            FROM customer c
           WHERE c.tenant_id = $1 AND c.level = w.level AND NOT c.in_pool AND c.deleted_at IS NULL
             AND %1$s >= w.not_before AND %1$s < w.before
             AND (c.pool_warned_at IS NULL OR c.pool_warned_at < %1$s)
           ORDER BY %1$s
           LIMIT $5) d
        JOIN crm_user u ON u.tenant_id = $1 AND u.id = d.owner_id
       ORDER BY d.owner_id, d.activity_at, d.id
       LIMIT $5
      """
          .formatted(ACTIVITY_AT);

  /**
   * Only rows still private: a customer claimed or reclaimed meanwhile needs no warning. $3 now.
   */
  static final String MARK_WARNED =
      """
      UPDATE customer SET pool_warned_at = $3
       WHERE tenant_id = $1 AND id = ANY($2) AND NOT in_pool AND deleted_at IS NULL
      RETURNING id
      """;

  /**
   * Moves up to $5 due customers into the pool, oldest activity first. SKIP LOCKED: a row another
   * node (or a claim, or a follow-up) holds is left for the next batch, so no row is reclaimed
   * twice and nobody waits. $2 levels, $3 cutoffs (per level), $4 now. Per-level ranges as in
   * DUE_FOR_WARNING.
   */
  static final String RECLAIM =
      """
      WITH due AS (
        SELECT d.* FROM unnest($2::text[], $3::timestamptz[]) AS w(level, cutoff)
         CROSS JOIN LATERAL (
           SELECT c.id, c.owner_id, %1$s AS activity_at
             FROM customer c
            WHERE c.tenant_id = $1 AND c.level = w.level AND NOT c.in_pool AND c.deleted_at IS NULL
              AND %1$s < w.cutoff
            ORDER BY %1$s
            LIMIT $5
              FOR UPDATE OF c SKIP LOCKED) d
         LIMIT $5)
      UPDATE customer c SET owner_id = NULL, in_pool = true, pool_since = $4, pool_warned_at = NULL,
             owned_since = NULL, version = c.version + 1, updated_at = now()
        FROM due
       WHERE c.tenant_id = $1 AND c.id = due.id AND NOT c.in_pool
      RETURNING c.id, c.name, c.level, due.owner_id AS previous_owner_id, due.activity_at,
                (SELECT u.name FROM crm_user u WHERE u.tenant_id = $1 AND u.id = due.owner_id)
                  AS previous_owner_name
      """
          .formatted(ACTIVITY_AT);

  /** $2 customers, $3 their previous owners, $4 at. */
  static final String INSERT_RECLAIM_EVENTS =
      """
      INSERT INTO pool_event (tenant_id, customer_id, kind, user_id, at)
      SELECT $1, x.customer_id, 'reclaim', x.user_id, $4
        FROM unnest($2::bigint[], $3::bigint[]) AS x(customer_id, user_id)
      """;

  /**
   * Whether the customer was claimed or assigned out of the pool after $3 (audited, so a deleted
   * row counts too).
   */
  static final String LEFT_POOL_SINCE =
      "SELECT 1 FROM audit_log WHERE tenant_id = $1 AND entity_type = 'customer' AND entity_id = $2"
          + " AND action IN ('claim', 'assign') AND at > $3 LIMIT 1";
}
