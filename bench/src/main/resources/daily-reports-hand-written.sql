-- Scenario 6's baseline: every manager's team figures of one day in one statement. $1 tenant, $2 start of
-- the day, $3 its end. Per manager: team size, follow-ups, new customers, stage moves, won deals and amount,
-- overdue reminders, and the open pipeline (count, amount, weighted amount).
WITH RECURSIVE managed AS (
  SELECT dm.user_id AS manager, dm.department_id AS dept
    FROM department_manager dm
    JOIN crm_user u ON u.tenant_id = dm.tenant_id AND u.id = dm.user_id AND u.active
   WHERE dm.tenant_id = $1
  UNION
  SELECT m.manager, d.id FROM managed m JOIN department d ON d.tenant_id = $1 AND d.parent_id = m.dept
), team AS (
  SELECT m.manager, ud.user_id
    FROM managed m JOIN user_department ud ON ud.tenant_id = $1 AND ud.department_id = m.dept
  UNION
  SELECT m.manager, m.manager FROM managed m
), follow_ups AS (
  SELECT f.author_id AS user_id, count(*) AS n FROM follow_up f
   WHERE f.tenant_id = $1 AND f.author_id = ANY(ARRAY(SELECT u.id FROM crm_user u WHERE u.tenant_id = $1)) AND f.happened_at >= $2 AND f.happened_at < $3
     AND f.deleted_at IS NULL
   GROUP BY f.author_id
), new_customers AS (
  SELECT c.created_by AS user_id, count(*) AS n FROM customer c
   WHERE c.tenant_id = $1 AND c.created_by = ANY(ARRAY(SELECT u.id FROM crm_user u WHERE u.tenant_id = $1)) AND c.created_at >= $2 AND c.created_at < $3
     AND c.deleted_at IS NULL
   GROUP BY c.created_by
), stage_moves AS (
  SELECT m.moved_by AS user_id, count(*) AS n FROM opportunity_stage_move m
   WHERE m.tenant_id = $1 AND m.moved_at >= $2 AND m.moved_at < $3 AND m.from_stage_id IS NOT NULL
   GROUP BY m.moved_by
), won AS (
  SELECT o.owner_id AS user_id, count(*) AS n, sum(o.amount) AS amount FROM opportunity o
   WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.status <> 'open' AND o.closed_at >= $2 AND o.closed_at < $3
     AND o.status = 'won'
   GROUP BY o.owner_id
), overdue AS (
  SELECT r.owner_id AS user_id, count(*) AS n FROM reminder r
   WHERE r.tenant_id = $1 AND r.status IN ('pending', 'snoozed') AND r.due_at < $3
   GROUP BY r.owner_id
), open AS (
  SELECT o.owner_id AS user_id, count(*) AS n, sum(o.amount) AS amount, sum(o.amount * o.probability) AS weighted
    FROM opportunity o
   WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND o.status = 'open'
   GROUP BY o.owner_id
)
SELECT t.manager, count(*) AS members, sum(fu.n) AS follow_ups, sum(nc.n) AS new_customers, sum(sm.n) AS stage_moves,
       sum(w.n) AS won, sum(w.amount) AS won_amount, sum(od.n) AS overdue, sum(op.n) AS open,
       sum(op.amount) AS open_amount, round(sum(op.weighted) / 100, 2) AS open_weighted
  FROM team t
  LEFT JOIN follow_ups fu ON fu.user_id = t.user_id
  LEFT JOIN new_customers nc ON nc.user_id = t.user_id
  LEFT JOIN stage_moves sm ON sm.user_id = t.user_id
  LEFT JOIN won w ON w.user_id = t.user_id
  LEFT JOIN overdue od ON od.user_id = t.user_id
  LEFT JOIN open op ON op.user_id = t.user_id
 GROUP BY t.manager
