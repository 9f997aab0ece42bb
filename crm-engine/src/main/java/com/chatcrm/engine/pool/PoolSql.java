package com.chatcrm.engine.pool;

/**
 * Every statement of the customer pool, in one place. In pool_event, {@code user_id} is the rep the
 * customer went to (claim, assign) or came from (release, reclaim); who acted is in the audit log.
 */
final class PoolSql {

  private PoolSql() {}

  // ------------------------------------------------------------------ rules

  static final String RULE_COLUMNS =
      """
      r.reclaim_days_potential, r.reclaim_days_intent, r.reclaim_days_deal, r.reclaim_days_lost,
      r.warn_days_before, r.max_private, r.max_claims_per_day
      """;

  /** The tenant's time zone and rule; the rule columns are null when the tenant has no rule row. */
  static final String CALENDAR =
      "SELECT t.time_zone, r.tenant_id AS rule_tenant, " + RULE_COLUMNS
          + " FROM tenant t LEFT JOIN pool_rule r ON r.tenant_id = t.tenant_id WHERE t.tenant_id = $1";

  /** The rule row, locked, so that two admins editing at once each see the other's change in the diff. */
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
}
