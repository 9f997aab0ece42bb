package com.chatcrm.engine.report;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.report.DailyReport.FollowUps;
import io.vertx.sqlclient.Row;

/**
 * Every statement of the daily report. Each is set-based: one grouped pass per kind of activity for
 * the whole team, never one query per rep. The team is passed as {@code ARRAY(SELECT id FROM
 * team)}, an init-plan array, so every activity table is read through its (tenant_id, person, time)
 * index with one descent per member.
 */
final class DailyReportSql {

  private DailyReportSql() {}

  static final String TIME_ZONE = "SELECT time_zone FROM tenant WHERE tenant_id = $1";

  /** $1 tenant, $2 whole tenant?, $3 visible owners. Every user in scope, active or not. */
  static final String TEAM =
      """
      team AS (
        SELECT u.id FROM crm_user u WHERE u.tenant_id = $1 AND ($2 OR u.id = ANY($3))
      )
      """;

  /**
   * Pool-rule levels that have a reclaim period, with the warning days; $1 tenant. The deadline of
   * a customer is its last activity plus the level's days.
   */
  private static final String LEVELS =
      """
      levels AS (
        SELECT x.level, x.days, r.warn_days_before AS warn
          FROM pool_rule r
         CROSS JOIN LATERAL (VALUES ('potential', r.reclaim_days_potential), ('intent', r.reclaim_days_intent),
                                    ('deal', r.reclaim_days_deal), ('lost', r.reclaim_days_lost)) AS x (level, days)
         WHERE r.tenant_id = $1 AND x.days IS NOT NULL
      )
      """;

  /**
   * Private customers of the team whose deadline falls between the start of the day ($4) and the
   * end of the day ($5) plus the warning days: one range scan of customer_owner_reclaim_idx (owner,
   * level, last activity) per level. OFFSET 0 keeps the inner query a unit; without it the planner
   * may drive the join from the owners and read every customer they hold, which at a million
   * customers is seconds instead of milliseconds.
   */
  private static final String HITS =
      """
      hits AS (
        SELECT c.id, c.name, c.level, c.owner_id, c.last_activity_at,
               c.last_activity_at + make_interval(days => l.days) AS reclaim_at
          FROM levels l
         CROSS JOIN LATERAL (
           SELECT c.id, c.name, c.level, c.owner_id, greatest(c.last_follow_up_at, c.owned_since, c.created_at) AS last_activity_at
             FROM customer c
            WHERE c.tenant_id = $1 AND c.owner_id = ANY(ARRAY(SELECT id FROM team)) AND c.level = l.level
              AND NOT c.in_pool AND c.deleted_at IS NULL
              AND greatest(c.last_follow_up_at, c.owned_since, c.created_at) >= $4::timestamptz - make_interval(days => l.days)
              AND greatest(c.last_follow_up_at, c.owned_since, c.created_at) < $5::timestamptz + make_interval(days => l.warn - l.days)
           OFFSET 0) c
      )
      """;

  /**
   * The work each member of the team did between $4 and $5 (exclusive), one grouped pass per kind:
   * follow-ups by method, customers created, stage moves made, deals won (as owner). Shared by the
   * 日报 and the report page's team rows, so both count alike. $1 tenant; needs {@link #TEAM}.
   */
  static final String WORK =
      """
      follow_ups AS (
        SELECT f.author_id AS user_id,
               count(*) FILTER (WHERE f.method = 'call') AS call,
               count(*) FILTER (WHERE f.method = 'visit') AS visit,
               count(*) FILTER (WHERE f.method = 'wechat') AS wechat,
               count(*) FILTER (WHERE f.method = 'email') AS email,
               count(*) FILTER (WHERE f.method = 'meeting') AS meeting,
               count(*) FILTER (WHERE f.method = 'other') AS other
          FROM follow_up f
         WHERE f.tenant_id = $1 AND f.author_id = ANY(ARRAY(SELECT id FROM team))
           AND f.happened_at >= $4 AND f.happened_at < $5 AND f.deleted_at IS NULL
         GROUP BY f.author_id
      ), new_customers AS (
        SELECT c.created_by AS user_id, count(*) AS n
          FROM customer c
         WHERE c.tenant_id = $1 AND c.created_by = ANY(ARRAY(SELECT id FROM team))
           AND c.created_at >= $4 AND c.created_at < $5 AND c.deleted_at IS NULL
         GROUP BY c.created_by
      ), stage_moves AS (
        SELECT m.moved_by AS user_id, count(*) AS n
          FROM opportunity_stage_move m
         WHERE m.tenant_id = $1 AND m.moved_by = ANY(ARRAY(SELECT id FROM team))
           AND m.moved_at >= $4 AND m.moved_at < $5 AND m.from_stage_id IS NOT NULL
         GROUP BY m.moved_by
      ), won AS (
        SELECT o.owner_id AS user_id, count(*) AS n, sum(o.amount) AS amount
          FROM opportunity o
         WHERE o.tenant_id = $1 AND o.owner_id = ANY(ARRAY(SELECT id FROM team))
           AND o.status = 'won' AND o.status <> 'open' AND o.deleted_at IS NULL
           AND o.closed_at >= $4 AND o.closed_at < $5
         GROUP BY o.owner_id
      )
      """;

  /** The columns of {@link #WORK} per member of the team: {@link #followUps} reads them. */
  static final String WORK_COLUMNS =
      """
      u.id, u.name, u.role, u.active,
      coalesce(f.call, 0) AS call, coalesce(f.visit, 0) AS visit, coalesce(f.wechat, 0) AS wechat,
      coalesce(f.email, 0) AS email, coalesce(f.meeting, 0) AS meeting, coalesce(f.other, 0) AS other,
      coalesce(nc.n, 0) AS new_customers, coalesce(sm.n, 0) AS stage_moves,
      coalesce(w.n, 0) AS won_deals, coalesce(w.amount, 0) AS won_amount
      """;

  /** The users with {@link #WORK} joined, for {@link #WORK_COLUMNS}. */
  static final String WORK_JOINS =
      """
      crm_user u
        LEFT JOIN follow_ups f ON f.user_id = u.id
        LEFT JOIN new_customers nc ON nc.user_id = u.id
        LEFT JOIN stage_moves sm ON sm.user_id = u.id
        LEFT JOIN won w ON w.user_id = u.id
      """;

  /** The follow-ups by method of a row of {@link #WORK_COLUMNS}. */
  static FollowUps followUps(Row r) {
    return new FollowUps(
        r.getInteger("call"),
        r.getInteger("visit"),
        r.getInteger("wechat"),
        r.getInteger("email"),
        r.getInteger("meeting"),
        r.getInteger("other"));
  }

  /**
   * $1 tenant, $2 whole tenant?, $3 visible owners, $4 start of the day, $5 end of the day
   * (exclusive).
   */
  static final String ACTIVITY =
      DatabaseLocation.PLANNED_PER_CALL
          + "WITH "
          + TEAM
          + ", "
          + LEVELS
          + ", "
          + HITS
          + ", "
          + WORK
          + """
          , overdue AS (
            SELECT r.owner_id AS user_id, count(*) AS n
              FROM reminder r
             WHERE r.tenant_id = $1 AND r.owner_id = ANY(ARRAY(SELECT id FROM team))
               AND (r.status IN ('pending', 'snoozed') OR r.status = 'sent' AND r.repeat_rule = 'none')
               AND r.due_at < least($5, now())
             GROUP BY r.owner_id
          ), reclaim AS (
            SELECT h.owner_id AS user_id, count(*) AS n FROM hits h GROUP BY h.owner_id
          )
          SELECT
          """
          + WORK_COLUMNS
          + """
                 , coalesce(od.n, 0) AS overdue_reminders, coalesce(rc.n, 0) AS about_to_reclaim
            FROM
            """
          + WORK_JOINS
          + """
            LEFT JOIN overdue od ON od.user_id = u.id
            LEFT JOIN reclaim rc ON rc.user_id = u.id
           WHERE u.tenant_id = $1 AND u.id IN (SELECT id FROM team)
          """;

  /** Same parameters as {@link #ACTIVITY}, plus $6 the most to list. */
  static final String ABOUT_TO_RECLAIM =
      DatabaseLocation.PLANNED_PER_CALL
          + "WITH "
          + TEAM
          + ", "
          + LEVELS
          + ", "
          + HITS
          + """
          SELECT h.id, h.name, h.level, h.owner_id, u.name AS owner_name, h.last_activity_at, h.reclaim_at
            FROM hits h
            JOIN crm_user u ON u.tenant_id = $1 AND u.id = h.owner_id
           ORDER BY h.reclaim_at, h.id
           LIMIT $6
          """;
}
