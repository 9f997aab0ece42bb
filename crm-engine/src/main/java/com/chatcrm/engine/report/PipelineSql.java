package com.chatcrm.engine.report;

import com.chatcrm.engine.db.DatabaseLocation;

/**
 * The statements of the pipeline summary. $1 is the tenant; where owners are filtered, the owner
 * ids come last. Deleted opportunities and those of deleted customers count nowhere, past or
 * present.
 */
final class PipelineSql {

  private PipelineSql() {}

  /**
   * The audited changes of each opportunity since $3: its amount, probability and owner were the
   * "from" values of their first audited change since a moment. Every such change is audited in the
   * transaction that made it.
   */
  private static final String CHANGED =
      """
      audited AS (
        SELECT a.entity_id AS opportunity_id, a.at >= $2 AS since_now, a.at, a.id, a.changes
          FROM audit_log a
         WHERE a.tenant_id = $1 AND a.entity_type = 'opportunity' AND a.at >= $3
           AND a.action IN ('update', 'stage_move', 'transfer')
      ), changed AS (
        SELECT a.opportunity_id,
               ((array_agg(a.changes -> 'amount' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.changes ? 'amount'))[1])::numeric AS amount_then,
               ((array_agg(a.changes -> 'probability' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.changes ? 'probability'))[1])::integer AS probability_then,
               ((array_agg(a.changes -> 'ownerId' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.changes ? 'ownerId'))[1])::bigint AS owner_then,
               ((array_agg(a.changes -> 'amount' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.since_now AND a.changes ? 'amount'))[1])::numeric AS amount_now,
               ((array_agg(a.changes -> 'probability' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.since_now AND a.changes ? 'probability'))[1])::integer AS probability_now,
               ((array_agg(a.changes -> 'ownerId' ->> 'from' ORDER BY a.at, a.id)
                   FILTER (WHERE a.since_now AND a.changes ? 'ownerId'))[1])::bigint AS owner_now
          FROM audited a
         GROUP BY a.opportunity_id
      )""";

  /**
   * Each candidate as it stood just before $2 ("now") and just before $3 ("then", the end of the
   * previous period, never after $2), read backwards from today: an opportunity moved since a
   * moment was then in the from-stage of its first move since (no from-stage: it did not exist
   * yet). {@code counted}: it is in the pipeline as it stands today. The holes take the owner tests
   * of "now" and "then".
   */
  private static final String STATE =
      """
      state AS (
        SELECT o.stage_id, o.owned AND o.status = 'open' AS counted, o.amount, o.probability,
               CASE WHEN mn.opportunity_id IS NULL THEN o.stage_id ELSE mn.from_stage_id END AS stage_now,
               COALESCE(ch.amount_now, o.amount) AS amount_now,
               COALESCE(ch.probability_now, o.probability) AS probability_now,
               -- closed now and not moved since: closed then too
               o.created_at < $2 AND (o.status = 'open' OR mn.opportunity_id IS NOT NULL) AND %s AS open_now,
               CASE WHEN mt.opportunity_id IS NULL THEN o.stage_id ELSE mt.from_stage_id END AS stage_then,
               COALESCE(ch.amount_then, o.amount) AS amount_then,
               COALESCE(ch.probability_then, o.probability) AS probability_then,
               o.created_at < $3 AND (o.status = 'open' OR mt.opportunity_id IS NOT NULL) AND %s AS open_then
          FROM candidate o
          LEFT JOIN moved_now mn ON mn.opportunity_id = o.id
          LEFT JOIN moved_then mt ON mt.opportunity_id = o.id
          LEFT JOIN changed ch ON ch.opportunity_id = o.id
         WHERE %s
      )""";

  /**
   * The candidates open at either moment, per stage at each; a few dozen groups, summed per stage
   * after.
   */
  private static final String PAIRS =
      """
      pairs AS (
        SELECT st.stage_now, st.stage_then,
               count(*) FILTER (WHERE st.open_now) AS count_now,
               sum(st.amount_now) FILTER (WHERE st.open_now) AS amount_now,
               sum(st.amount_now * st.probability_now) FILTER (WHERE st.open_now) AS weighted_now,
               count(*) FILTER (WHERE st.open_then) AS count_then,
               sum(st.amount_then) FILTER (WHERE st.open_then) AS amount_then,
               sum(st.amount_then * st.probability_then) FILTER (WHERE st.open_then) AS weighted_then
          FROM state st
         WHERE st.open_now OR st.open_then
         GROUP BY st.stage_now, st.stage_then
      ), by_now AS (
        SELECT stage_now AS stage_id, sum(count_now) AS count, sum(amount_now) AS amount, sum(weighted_now) AS weighted
          FROM pairs GROUP BY stage_now
      ), by_then AS (
        SELECT stage_then AS stage_id, sum(count_then) AS count, sum(amount_then) AS amount,
               sum(weighted_then) AS weighted
          FROM pairs GROUP BY stage_then
      )""";

  /**
   * The open pipeline now and then per active open stage, in one pass over the candidate
   * opportunities (read twice it cost twice), each rebuilt as in {@link #STATE}. The holes take the
   * candidates, how the first moves are read, and {@link #STATE}'s. Aggregated before the join:
   * joined first, the planner took the stages for one row and read the opportunities once per
   * stage.
   */
  private static final String SNAPSHOTS =
      "WITH "
          + CHANGED
          + ", candidate AS (%s\n), %s\n), "
          + STATE
          + ", "
          + PAIRS
          + """

      SELECT s.id, s.name, s.probability,
             COALESCE(n.count, 0)::bigint AS count_now, COALESCE(n.amount, 0) AS amount_now,
             COALESCE(round(n.weighted / 100, 2), 0) AS weighted_now,
             COALESCE(t.count, 0)::bigint AS count_then, COALESCE(t.amount, 0) AS amount_then,
             COALESCE(round(t.weighted / 100, 2), 0) AS weighted_then
        FROM opportunity_stage s
        LEFT JOIN by_now n ON n.stage_id = s.id
        LEFT JOIN by_then t ON t.stage_id = s.id
       WHERE s.tenant_id = $1 AND s.active AND s.kind = 'open'
       ORDER BY s.position
      """;

  /**
   * The same for the owners in $4, without reading every opportunity they own: the pipeline as it
   * stands is the sum of their rows in pipeline_owner_total (V15) less the open opportunities of
   * deleted customers, and only the opportunities changed since $3 can have stood differently at
   * either moment. Those are taken out of the standing sums ({@code counted}) and put back as they
   * stood ({@link #PAIRS}). "Changed since" is read from updated_at, which every engine write to an
   * opportunity sets in the transaction that stamps the move or the audit entry (creation
   * included); a writer that changed a stage, amount, probability or owner without it would be
   * missed here.
   */
  private static final String SINCE_CHANGES =
      "WITH "
          + CHANGED
          + ", candidate AS (%s\n), %s\n), "
          + STATE
          + ", "
          + PAIRS
          + """
      , standing AS (
        SELECT x.stage_id, sum(x.count) AS count, sum(x.amount) AS amount, sum(x.weighted) AS weighted
          FROM (SELECT t.stage_id, t.count, t.amount, t.weighted
                  FROM pipeline_owner_total t
                 WHERE t.tenant_id = $1 AND t.owner_id = ANY($4)
                UNION ALL
                SELECT o.stage_id, -1, -o.amount, -(o.amount * o.probability)
                  FROM customer c
                  JOIN opportunity o ON o.tenant_id = $1 AND o.customer_id = c.id AND o.deleted_at IS NULL
                 WHERE c.tenant_id = $1 AND c.deleted_at IS NOT NULL AND o.status = 'open' AND o.owner_id = ANY($4)
                UNION ALL
                SELECT st.stage_id, -1, -st.amount, -(st.amount * st.probability)
                  FROM state st
                 WHERE st.counted) x
         GROUP BY x.stage_id
      )
      SELECT s.id, s.name, s.probability,
             (COALESCE(k.count, 0) + COALESCE(n.count, 0))::bigint AS count_now,
             COALESCE(k.amount, 0) + COALESCE(n.amount, 0) AS amount_now,
             round((COALESCE(k.weighted, 0) + COALESCE(n.weighted, 0)) / 100, 2) AS weighted_now,
             (COALESCE(k.count, 0) + COALESCE(t.count, 0))::bigint AS count_then,
             COALESCE(k.amount, 0) + COALESCE(t.amount, 0) AS amount_then,
             round((COALESCE(k.weighted, 0) + COALESCE(t.weighted, 0)) / 100, 2) AS weighted_then
        FROM opportunity_stage s
        LEFT JOIN standing k ON k.stage_id = s.id
        LEFT JOIN by_now n ON n.stage_id = s.id
        LEFT JOIN by_then t ON t.stage_id = s.id
       WHERE s.tenant_id = $1 AND s.active AND s.kind = 'open'
       ORDER BY s.position
      """;

  /**
   * The first move of each opportunity since each moment, read by time: all of the tenant's moves
   * since $3.
   */
  private static final String MOVES_BY_TIME =
      """
      moved_then AS (
        SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
          FROM opportunity_stage_move m
         WHERE m.tenant_id = $1 AND m.moved_at >= $3
         ORDER BY m.opportunity_id, m.moved_at, m.id
      ), moved_now AS (
        SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
          FROM opportunity_stage_move m
         WHERE m.tenant_id = $1 AND m.moved_at >= $2
         ORDER BY m.opportunity_id, m.moved_at, m.id""";

  /**
   * The same for the candidates only; the planner picks between probing the move index per
   * candidate (a rep's few) and hashing the tenant's moves since $3 against them (a region's
   * thousands).
   */
  private static final String MOVES_OF_CANDIDATES =
      """
      moved_then AS (
        SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
          FROM candidate o
          JOIN opportunity_stage_move m ON m.tenant_id = $1 AND m.opportunity_id = o.id AND m.moved_at >= $3
         ORDER BY m.opportunity_id, m.moved_at, m.id
      ), moved_now AS (
        SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
          FROM candidate o
          JOIN opportunity_stage_move m ON m.tenant_id = $1 AND m.opportunity_id = o.id AND m.moved_at >= $2
         ORDER BY m.opportunity_id, m.moved_at, m.id""";

  /**
   * The opportunity's customer is not deleted (every opportunity has a customer). Asked as "no
   * deleted customer of that id", an anti-join against the few deleted ones (customer_deleted_idx):
   * asked the other way round, the planner hashed all million live customers for a team's
   * opportunities.
   */
  private static final String LIVE_CUSTOMER =
      "NOT EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = $1 AND c.id = o.customer_id"
          + " AND c.deleted_at IS NOT NULL)";

  private static final String CANDIDATE_COLUMNS =
      "o.id, o.customer_id, o.stage_id, o.status, o.amount, o.probability, o.owner_id, o.created_at";

  // Every statement here is planned per call: a funnel's best plan depends on how many owners and
  // which dates it
  // counts — a rep's dozens of changed opportunities (probe the moves of each) against a region's
  // thousands (hash
  // the month's moves).
  static final String SNAPSHOTS_TENANT =
      DatabaseLocation.PLANNED_PER_CALL
          + SNAPSHOTS.formatted(
              "SELECT "
                  + CANDIDATE_COLUMNS
                  + ", true AS owned FROM opportunity o"
                  + " WHERE o.tenant_id = $1 AND o.deleted_at IS NULL",
              MOVES_BY_TIME,
              "true",
              "true",
              LIVE_CUSTOMER);

  /**
   * The opportunities of the owners in $4 changed since $3 (opportunity_owner_changed_idx), plus
   * those owned by someone else now but by one of them at either moment. The current owner is
   * tested once, in the index; the rows of changed owners are tested again, few as they are.
   */
  private static final String CHANGED_CANDIDATES =
      "SELECT "
          + CANDIDATE_COLUMNS
          + ", true AS owned FROM opportunity o"
          + " WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.owner_id = ANY($4) AND o.updated_at >= $3"
          + " UNION ALL SELECT "
          + CANDIDATE_COLUMNS
          + ", false FROM changed ch"
          + " JOIN opportunity o ON o.tenant_id = $1 AND o.id = ch.opportunity_id"
          + " WHERE (ch.owner_then = ANY($4) OR ch.owner_now = ANY($4))"
          + " AND o.deleted_at IS NULL AND NOT (o.owner_id = ANY($4))";

  private static final String OWNED_NOW =
      "CASE WHEN ch.owner_now IS NULL THEN o.owned ELSE ch.owner_now = ANY($4) END";

  private static final String OWNED_THEN =
      "CASE WHEN ch.owner_then IS NULL THEN o.owned ELSE ch.owner_then = ANY($4) END";

  static final String SNAPSHOTS_OWNERS =
      DatabaseLocation.PLANNED_PER_CALL
          + SINCE_CHANGES.formatted(
              CHANGED_CANDIDATES, MOVES_OF_CANDIDATES, OWNED_NOW, OWNED_THEN, LIVE_CUSTOMER);

  /**
   * Won and lost opportunities closed in [$2, $4), split at $3 into the previous and the current
   * period.
   */
  private static final String CLOSED =
      """
      SELECT o.status, (o.closed_at >= $3) AS current,
             count(*) AS count, sum(o.amount) AS amount, round(sum(o.amount * o.probability) / 100, 2) AS weighted
        FROM opportunity o
       WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.status <> 'open'
         AND o.closed_at >= $2 AND o.closed_at < $4 AND %s %s
       GROUP BY o.status, (o.closed_at >= $3)
      """;

  static final String CLOSED_TENANT =
      DatabaseLocation.PLANNED_PER_CALL + CLOSED.formatted(LIVE_CUSTOMER, "");

  static final String CLOSED_OWNERS =
      DatabaseLocation.PLANNED_PER_CALL
          + CLOSED.formatted(LIVE_CUSTOMER, "AND o.owner_id = ANY($5)");

  /**
   * One consistent view for both statements, so the figures add up; in the same round trip,
   * settings for statements that aggregate tens of thousands of opportunities. JIT compilation took
   * longer than running them (their estimates are past jit_above_cost), and at the default 4 MB of
   * work_mem a region's month of stage moves and its stage pairs were sorted on disk.
   */
  static final String READ_SETTINGS =
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
          + " SET LOCAL jit = off; SET LOCAL work_mem = '32MB'";
}
