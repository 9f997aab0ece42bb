package com.chatcrm.engine.salestarget;

/** Every statement on targets and the figures they are measured against. */
final class TargetSql {

  private TargetSql() {}

  static final String ACTIVE_USER =
      "SELECT name FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active";

  static final String UPSERT =
      """
      INSERT INTO sales_target (tenant_id, user_id, period_kind, period_start, metric, value, set_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (tenant_id, user_id, period_kind, period_start, metric) WHERE user_id IS NOT NULL
      DO UPDATE SET value = EXCLUDED.value, set_by = EXCLUDED.set_by, updated_at = now()
      RETURNING (xmax = 0) AS inserted
      """;

  /**
   * The rep targets of the users in $3 (every user when $2) whose period may hold the day $4 (a
   * quarter starts at most three months before it); the caller keeps those that do.
   */
  static final String TARGETS =
      """
      SELECT t.user_id, u.name, t.period_kind, t.period_start, t.metric, t.value
        FROM sales_target t
        JOIN crm_user u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
       WHERE t.tenant_id = $1 AND t.user_id IS NOT NULL AND ($2 OR t.user_id = ANY($3))
         AND t.period_start <= $4 AND t.period_start > $4 - interval '3 months'
       ORDER BY t.period_kind, u.name, t.user_id, t.metric
      """;

  static final String UPSERT_DEPARTMENT =
      """
      INSERT INTO sales_target (tenant_id, department_id, period_kind, period_start, metric, value, set_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (tenant_id, department_id, period_kind, period_start, metric)
        WHERE department_id IS NOT NULL
      DO UPDATE SET value = EXCLUDED.value, set_by = EXCLUDED.set_by, updated_at = now()
      """;

  /**
   * The departments user $2 may set a team target for: those they manage and below; all when $3.
   */
  static final String TARGET_DEPARTMENTS =
      """
      WITH RECURSIVE managed AS (
        SELECT dm.department_id AS id FROM department_manager dm
         WHERE dm.tenant_id = $1 AND dm.user_id = $2
        UNION
        SELECT d.id FROM department d JOIN managed m ON d.parent_id = m.id WHERE d.tenant_id = $1
      )
      SELECT d.id, d.name FROM department d
       WHERE d.tenant_id = $1 AND ($3 OR d.id IN (SELECT id FROM managed))
       ORDER BY d.name, d.id
      """;

  /** The department's name, and whether user $3 manages it or a department above it. */
  static final String DEPARTMENT_MANAGED_BY =
      """
      WITH RECURSIVE up AS (
        SELECT id, parent_id FROM department WHERE tenant_id = $1 AND id = $2
        UNION
        SELECT d.id, d.parent_id FROM department d JOIN up ON d.id = up.parent_id
         WHERE d.tenant_id = $1
      )
      SELECT d.name,
             EXISTS (SELECT 1 FROM department_manager dm
                      WHERE dm.tenant_id = $1 AND dm.user_id = $3
                        AND dm.department_id IN (SELECT id FROM up)) AS manages
        FROM department d WHERE d.tenant_id = $1 AND d.id = $2
      """;

  /**
   * The department targets whose period may hold the day $4 of the departments user $3 manages
   * (with the ones below them; every department when $2), each with the users of its subtree.
   */
  static final String DEPARTMENT_TARGETS =
      """
      WITH RECURSIVE managed AS (
        SELECT dm.department_id AS id FROM department_manager dm
         WHERE dm.tenant_id = $1 AND dm.user_id = $3
        UNION
        SELECT d.id FROM department d JOIN managed m ON d.parent_id = m.id WHERE d.tenant_id = $1
      ), tree (top, id) AS (
        SELECT t.department_id, t.department_id FROM sales_target t
         WHERE t.tenant_id = $1 AND t.department_id IS NOT NULL
        UNION
        SELECT tree.top, d.id FROM department d JOIN tree ON d.parent_id = tree.id
         WHERE d.tenant_id = $1
      )
      SELECT t.department_id, d.name, t.period_kind, t.period_start, t.metric, t.value,
             ARRAY(SELECT DISTINCT ud.user_id FROM user_department ud JOIN tree ON tree.id = ud.department_id
                    WHERE ud.tenant_id = $1 AND tree.top = t.department_id) AS members
        FROM sales_target t
        JOIN department d ON d.tenant_id = t.tenant_id AND d.id = t.department_id
       WHERE t.tenant_id = $1 AND t.department_id IS NOT NULL
         AND ($2 OR t.department_id IN (SELECT id FROM managed))
         AND t.period_start <= $4 AND t.period_start > $4 - interval '3 months'
       ORDER BY t.period_kind, d.name, t.department_id, t.metric
      """;

  // the figures, counted as the 日报 counts them: $1 tenant, $2 users, then the period's bounds

  static final String WON_AMOUNT =
      """
      SELECT o.owner_id AS user_id, sum(o.amount) AS v FROM opportunity o
       WHERE o.tenant_id = $1 AND o.owner_id = ANY($2) AND o.status = 'won' AND o.deleted_at IS NULL
         AND o.closed_at >= $3 AND o.closed_at < $4
       GROUP BY o.owner_id
      """;

  static final String COLLECTIONS =
      """
      SELECT k.owner_id AS user_id, sum(r.amount) AS v FROM contract_receipt r
        JOIN contract k ON k.tenant_id = r.tenant_id AND k.id = r.contract_id AND k.deleted_at IS NULL
       WHERE r.tenant_id = $1 AND k.owner_id = ANY($2) AND r.received_on >= $3 AND r.received_on < $4
       GROUP BY k.owner_id
      """;

  static final String NEW_CUSTOMERS =
      """
      SELECT c.created_by AS user_id, count(*) AS v FROM customer c
       WHERE c.tenant_id = $1 AND c.created_by = ANY($2) AND c.deleted_at IS NULL
         AND c.created_at >= $3 AND c.created_at < $4
       GROUP BY c.created_by
      """;

  static final String FOLLOW_UPS =
      """
      SELECT f.author_id AS user_id, count(*) AS v FROM follow_up f
       WHERE f.tenant_id = $1 AND f.author_id = ANY($2) AND f.deleted_at IS NULL
         AND f.happened_at >= $3 AND f.happened_at < $4
       GROUP BY f.author_id
      """;
}
