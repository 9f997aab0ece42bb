-- $1 tenant, $2 as of (end of the period or now), $3 as of the previous period's end, $4 owners,
-- $5 previous period's start, $6 period start, $7 period end
WITH moves AS MATERIALIZED (
  -- the first move of each opportunity since the previous period's end, and since this one's
  SELECT m.opportunity_id,
         (array_agg(m.from_stage_id ORDER BY m.moved_at, m.id))[1] AS stage_then,
         (array_agg(m.from_stage_id ORDER BY m.moved_at, m.id) FILTER (WHERE m.moved_at >= $2))[1] AS stage_now,
         bool_or(m.moved_at >= $2) AS moved_now
    FROM opportunity_stage_move m
   WHERE m.tenant_id = $1 AND m.moved_at >= $3
   GROUP BY m.opportunity_id
), audits AS MATERIALIZED (
  SELECT a.entity_id AS opportunity_id, a.at >= $2 AS recent,
         row_number() OVER (PARTITION BY a.entity_id ORDER BY a.at, a.id) AS n, a.changes
    FROM audit_log a
   WHERE a.tenant_id = $1 AND a.entity_type = 'opportunity' AND a.at >= $3
     AND a.action IN ('update', 'stage_move', 'transfer')
), changed AS MATERIALIZED (
  SELECT opportunity_id,
         ((array_agg(changes -> 'amount' ->> 'from' ORDER BY n) FILTER (WHERE changes ? 'amount'))[1])::numeric AS amount_then,
         ((array_agg(changes -> 'probability' ->> 'from' ORDER BY n) FILTER (WHERE changes ? 'probability'))[1])::integer AS probability_then,
         ((array_agg(changes -> 'ownerId' ->> 'from' ORDER BY n) FILTER (WHERE changes ? 'ownerId'))[1])::bigint AS owner_then,
         ((array_agg(changes -> 'amount' ->> 'from' ORDER BY n) FILTER (WHERE recent AND changes ? 'amount'))[1])::numeric AS amount_now,
         ((array_agg(changes -> 'probability' ->> 'from' ORDER BY n) FILTER (WHERE recent AND changes ? 'probability'))[1])::integer AS probability_now,
         ((array_agg(changes -> 'ownerId' ->> 'from' ORDER BY n) FILTER (WHERE recent AND changes ? 'ownerId'))[1])::bigint AS owner_now
    FROM audits GROUP BY opportunity_id
), candidate AS (
  SELECT o.id, o.customer_id, o.stage_id, o.status, o.amount, o.probability, o.owner_id, o.created_at
    FROM opportunity o
   WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.owner_id = ANY($4) AND o.created_at < $2
  UNION ALL
  SELECT o.id, o.customer_id, o.stage_id, o.status, o.amount, o.probability, o.owner_id, o.created_at
    FROM changed ch JOIN opportunity o ON o.tenant_id = $1 AND o.id = ch.opportunity_id
   WHERE o.deleted_at IS NULL AND o.created_at < $2 AND NOT (o.owner_id = ANY($4))
     AND (ch.owner_then = ANY($4) OR ch.owner_now = ANY($4))
), state AS (
  SELECT CASE WHEN mv.moved_now THEN mv.stage_now ELSE o.stage_id END AS stage_now,
         COALESCE(ch.amount_now, o.amount) AS amount_now,
         COALESCE(ch.probability_now, o.probability) AS probability_now,
         (o.status = 'open' OR mv.moved_now) AND COALESCE(ch.owner_now, o.owner_id) = ANY($4) AS open_now,
         CASE WHEN mv.opportunity_id IS NULL THEN o.stage_id ELSE mv.stage_then END AS stage_then,
         COALESCE(ch.amount_then, o.amount) AS amount_then,
         COALESCE(ch.probability_then, o.probability) AS probability_then,
         o.created_at < $3 AND (o.status = 'open' OR mv.opportunity_id IS NOT NULL)
           AND COALESCE(ch.owner_then, o.owner_id) = ANY($4) AS open_then
    FROM candidate o
    LEFT JOIN moves mv ON mv.opportunity_id = o.id
    LEFT JOIN changed ch ON ch.opportunity_id = o.id
   WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = $1 AND c.id = o.customer_id AND c.deleted_at IS NOT NULL)
), by_stage AS (
  -- one pass, two groupings: by the stage now and by the stage then
  SELECT GROUPING(stage_now) = 0 AS now, COALESCE(stage_now, stage_then) AS stage_id, open_now, open_then,
         count(*) AS n,
         sum(amount_now) AS amount_now, sum(amount_now * probability_now) AS weighted_now,
         sum(amount_then) AS amount_then, sum(amount_then * probability_then) AS weighted_then
    FROM state
   WHERE open_now OR open_then
   GROUP BY GROUPING SETS ((stage_now, open_now), (stage_then, open_then))
)
SELECT 'stage' AS kind, s.id, s.position,
       COALESCE(a.n, 0) AS count_now, COALESCE(a.amount_now, 0) AS amount_now,
       COALESCE(round(a.weighted_now / 100, 2), 0) AS weighted_now,
       COALESCE(b.n, 0) AS count_then, COALESCE(b.amount_then, 0) AS amount_then,
       COALESCE(round(b.weighted_then / 100, 2), 0) AS weighted_then
  FROM opportunity_stage s
  LEFT JOIN by_stage a ON a.stage_id = s.id AND a.now AND a.open_now
  LEFT JOIN by_stage b ON b.stage_id = s.id AND NOT b.now AND b.open_then
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
