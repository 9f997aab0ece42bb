package com.chatcrm.engine.report;

/**
 * The statements of the pipeline summary. $1 is the tenant; where owners are filtered, the owner ids
 * come last. Deleted opportunities and those of deleted customers count nowhere, past or present.
 */
final class PipelineSql {

  private PipelineSql() {}

  /**
   * The open pipeline as it stood just before $2, per active open stage. The past is read backwards
   * from today: an opportunity moved since $2 was then in the from-stage of its first move since (no
   * from-stage: it did not exist yet), and its amount, probability and owner were the "from" values of
   * their first audited change since $2. Every such change is audited in the transaction that made it.
   * The holes take the candidate opportunities, the live-customer test and the owner filter.
   */
  private static final String SNAPSHOT =
      """
      WITH moved AS (
        SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
          FROM opportunity_stage_move m
         WHERE m.tenant_id = $1 AND m.moved_at >= $2
         ORDER BY m.opportunity_id, m.moved_at, m.id
      ), changed AS (
        SELECT a.entity_id AS opportunity_id,
               ((array_agg(a.changes -> 'amount' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.changes ? 'amount'))[1])::numeric AS amount,
               ((array_agg(a.changes -> 'probability' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.changes ? 'probability'))[1])::integer AS probability,
               ((array_agg(a.changes -> 'ownerId' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.changes ? 'ownerId'))[1])::bigint AS owner_id
          FROM audit_log a
         WHERE a.tenant_id = $1 AND a.entity_type = 'opportunity' AND a.at >= $2
           AND a.action IN ('update', 'stage_move', 'transfer')
         GROUP BY a.entity_id
      ), candidate AS (%s
      ), past AS (
        SELECT CASE WHEN mv.opportunity_id IS NULL THEN o.stage_id ELSE mv.from_stage_id END AS stage_id,
               COALESCE(ch.amount, o.amount) AS amount,
               COALESCE(ch.probability, o.probability) AS probability,
               COALESCE(ch.owner_id, o.owner_id) AS owner_id
          FROM candidate o
          LEFT JOIN moved mv ON mv.opportunity_id = o.id
          LEFT JOIN changed ch ON ch.opportunity_id = o.id
         WHERE o.created_at < $2
           -- closed now and not moved since: closed then too
           AND (o.status = 'open' OR mv.opportunity_id IS NOT NULL)
           AND %s %s
      ), per_stage AS (
        SELECT p.stage_id, count(*) AS count, sum(p.amount) AS amount, sum(p.amount * p.probability) AS weighted
          FROM past p
         GROUP BY p.stage_id
      )
      -- Aggregated before the join: joined first, the planner took the stages for one row and read the
      -- opportunities once per stage.
      SELECT s.id, s.name, s.probability, COALESCE(ps.count, 0) AS count, COALESCE(ps.amount, 0) AS amount,
             COALESCE(round(ps.weighted / 100, 2), 0) AS weighted
        FROM opportunity_stage s
        LEFT JOIN per_stage ps ON ps.stage_id = s.id
       WHERE s.tenant_id = $1 AND s.active AND s.kind = 'open'
       ORDER BY s.position
      """;

  /**
   * The opportunity's customer is not deleted (every opportunity has a customer). Asked as "no deleted
   * customer of that id", an anti-join against the few deleted ones (customer_deleted_idx): asked the other
   * way round, the planner hashed all million live customers for a team's opportunities.
   */
  private static final String LIVE_CUSTOMER =
      "NOT EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = $1 AND c.id = o.customer_id"
          + " AND c.deleted_at IS NOT NULL)";

  private static final String CANDIDATE_COLUMNS =
      "o.id, o.customer_id, o.stage_id, o.status, o.amount, o.probability, o.owner_id, o.created_at";

  static final String SNAPSHOT_TENANT = SNAPSHOT.formatted(
      "SELECT " + CANDIDATE_COLUMNS + " FROM opportunity o WHERE o.tenant_id = $1 AND o.deleted_at IS NULL",
      LIVE_CUSTOMER, "");

  /**
   * The same for the owners in $3: the opportunities they own now (through the owner index), plus
   * those owned by someone else now but by one of them then.
   */
  static final String SNAPSHOT_OWNERS = SNAPSHOT.formatted(
      "SELECT " + CANDIDATE_COLUMNS + " FROM opportunity o"
          + " WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.owner_id = ANY($3)"
          + " UNION ALL SELECT " + CANDIDATE_COLUMNS + " FROM changed ch"
          + " JOIN opportunity o ON o.tenant_id = $1 AND o.id = ch.opportunity_id"
          + " WHERE ch.owner_id = ANY($3) AND o.deleted_at IS NULL AND NOT (o.owner_id = ANY($3))",
      LIVE_CUSTOMER, "AND COALESCE(ch.owner_id, o.owner_id) = ANY($3)");

  /** Won and lost opportunities closed in [$2, $4), split at $3 into the previous and the current period. */
  private static final String CLOSED =
      """
      SELECT o.status, (o.closed_at >= $3) AS current,
             count(*) AS count, sum(o.amount) AS amount, round(sum(o.amount * o.probability) / 100, 2) AS weighted
        FROM opportunity o
       WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.status <> 'open'
         AND o.closed_at >= $2 AND o.closed_at < $4 AND %s %s
       GROUP BY o.status, (o.closed_at >= $3)
      """;

  static final String CLOSED_TENANT = CLOSED.formatted(LIVE_CUSTOMER, "");

  static final String CLOSED_OWNERS = CLOSED.formatted(LIVE_CUSTOMER, "AND o.owner_id = ANY($5)");

  /** One consistent view for all three queries, so the figures add up. */
  static final String CONSISTENT_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  /**
   * Compiling these statements with JIT took 55-80 ms each on the benchmark tenant, longer than running
   * them; their cost estimates at a million customers are past the server's default jit_above_cost.
   */
  static final String NO_JIT = "SET LOCAL jit = off";
}
