-- Scenario 4's baseline: the funnel's numbers in one statement. $1 tenant, $2 as of (end of the period or
-- now), $3 as of the previous period's end, $4 owners, $5 previous period's start, $6 period start, $7 period end.
-- The pipeline as it stands from the owners' rows of pipeline_owner_total, less the open opportunities of
-- deleted customers; only the team's opportunities changed since $3 (opportunity_owner_changed_idx) are rebuilt
-- at both moments, their first moves and audited changes since $3 hashed once; won and lost in the same round
-- trip (opportunity_owner_closed_idx).
WITH audited AS (
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
), candidate AS (
  SELECT o.id, o.customer_id, o.stage_id, o.status, o.amount, o.probability, o.owner_id, o.created_at, true AS owned
    FROM opportunity o
   WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.owner_id = ANY($4) AND o.updated_at >= $3
  UNION ALL
  SELECT o.id, o.customer_id, o.stage_id, o.status, o.amount, o.probability, o.owner_id, o.created_at, false
    FROM changed ch JOIN opportunity o ON o.tenant_id = $1 AND o.id = ch.opportunity_id
   WHERE (ch.owner_then = ANY($4) OR ch.owner_now = ANY($4)) AND o.deleted_at IS NULL AND NOT (o.owner_id = ANY($4))
), moved_then AS (
  SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
    FROM candidate o
    JOIN opportunity_stage_move m ON m.tenant_id = $1 AND m.opportunity_id = o.id AND m.moved_at >= $3
   ORDER BY m.opportunity_id, m.moved_at, m.id
), moved_now AS (
  SELECT DISTINCT ON (m.opportunity_id) m.opportunity_id, m.from_stage_id
    FROM candidate o
    JOIN opportunity_stage_move m ON m.tenant_id = $1 AND m.opportunity_id = o.id AND m.moved_at >= $2
   ORDER BY m.opportunity_id, m.moved_at, m.id
), state AS (
  SELECT o.stage_id, o.owned AND o.status = 'open' AS counted, o.amount, o.probability,
         CASE WHEN mn.opportunity_id IS NULL THEN o.stage_id ELSE mn.from_stage_id END AS stage_now,
         COALESCE(ch.amount_now, o.amount) AS amount_now,
         COALESCE(ch.probability_now, o.probability) AS probability_now,
         o.created_at < $2 AND (o.status = 'open' OR mn.opportunity_id IS NOT NULL) AND CASE WHEN ch.owner_now IS NULL THEN o.owned ELSE ch.owner_now = ANY($4) END AS open_now,
         CASE WHEN mt.opportunity_id IS NULL THEN o.stage_id ELSE mt.from_stage_id END AS stage_then,
         COALESCE(ch.amount_then, o.amount) AS amount_then,
         COALESCE(ch.probability_then, o.probability) AS probability_then,
         o.created_at < $3 AND (o.status = 'open' OR mt.opportunity_id IS NOT NULL) AND CASE WHEN ch.owner_then IS NULL THEN o.owned ELSE ch.owner_then = ANY($4) END AS open_then
    FROM candidate o
    LEFT JOIN moved_now mn ON mn.opportunity_id = o.id
    LEFT JOIN moved_then mt ON mt.opportunity_id = o.id
    LEFT JOIN changed ch ON ch.opportunity_id = o.id
   WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = $1 AND c.id = o.customer_id AND c.deleted_at IS NOT NULL)
), standing AS (
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
), pairs AS (
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
  SELECT stage_then AS stage_id, sum(count_then) AS count, sum(amount_then) AS amount, sum(weighted_then) AS weighted
    FROM pairs GROUP BY stage_then
)
SELECT 'stage' AS kind, s.id, s.position,
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
UNION ALL
SELECT o.status, NULL, NULL,
       count(*) FILTER (WHERE o.closed_at >= $6), COALESCE(sum(o.amount) FILTER (WHERE o.closed_at >= $6), 0),
       COALESCE(round(sum(o.amount * o.probability) FILTER (WHERE o.closed_at >= $6) / 100, 2), 0),
       count(*) FILTER (WHERE o.closed_at < $6), COALESCE(sum(o.amount) FILTER (WHERE o.closed_at < $6), 0),
       COALESCE(round(sum(o.amount * o.probability) FILTER (WHERE o.closed_at < $6) / 100, 2), 0)
  FROM opportunity o
 WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.status <> 'open' AND o.owner_id = ANY($4)
   AND o.closed_at >= $5 AND o.closed_at < $7
   AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = $1 AND c.id = o.customer_id AND c.deleted_at IS NOT NULL)
 GROUP BY o.status
 ORDER BY 1, 3
