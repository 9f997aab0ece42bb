package com.chatcrm.engine.schedule;

/** Every statement of the schedulers, in one place. */
final class ScheduleSql {

  private ScheduleSql() {}

  static final String TENANTS =
      "SELECT tenant_id, time_zone, created_at, settings -> 'schedule' AS schedule FROM tenant"
          + " WHERE disabled_at IS NULL ORDER BY tenant_id";

  /**
   * Claims a run: the first node to insert the row does the work. A row still 'claimed' whose claim
   * is older than $6 (its node died) is taken over. No row back: someone else has it or it is done.
   */
  /**
   * The tenants with reminders to push at $1 (due and waiting, or claimed in ($3, $2] and never
   * handed over): one probe of the partial indexes per tenant instead of a claim transaction per
   * tenant and tick.
   */
  static final String TENANTS_WITH_DUE_REMINDERS =
      """
      SELECT t.tenant_id, t.time_zone, t.created_at, t.settings -> 'schedule' AS schedule FROM tenant t
       WHERE t.disabled_at IS NULL
         AND (EXISTS (SELECT 1 FROM reminder r
                       WHERE r.tenant_id = t.tenant_id AND r.status IN ('pending', 'snoozed') AND r.due_at <= $1)
              OR EXISTS (SELECT 1 FROM reminder r
                          WHERE r.tenant_id = t.tenant_id AND r.status = 'sent' AND r.notified_at IS NULL
                            AND r.sent_at <= $2 AND r.sent_at > $3))
       ORDER BY t.tenant_id
      """;

  static final String CLAIM_RUN =
      """
      INSERT INTO scheduled_run (tenant_id, kind, subject_id, run_date, claimed_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (tenant_id, kind, subject_id, run_date) DO UPDATE
         SET claimed_at = EXCLUDED.claimed_at, attempts = scheduled_run.attempts + 1
       WHERE scheduled_run.status = 'claimed' AND scheduled_run.claimed_at <= $6
      RETURNING attempts
      """;

  static final String FINISH_RUN =
      "UPDATE scheduled_run SET status = 'done', done_at = $5"
          + " WHERE tenant_id = $1 AND kind = $2 AND subject_id = $3 AND run_date = $4";

  static final String RUN_DONE =
      "SELECT 1 FROM scheduled_run"
          + " WHERE tenant_id = $1 AND kind = $2 AND subject_id = $3 AND run_date = $4 AND status = 'done'";

  static final String TIME_ZONE = "SELECT time_zone FROM tenant WHERE tenant_id = $1";

  /**
   * Active managers of a tenant whose report of kind $3 ('daily_report', 'weekly_report') and day
   * $2 is not done.
   */
  static final String MANAGERS_WITHOUT_REPORT =
      """
      SELECT DISTINCT u.id
        FROM department_manager dm JOIN crm_user u ON u.tenant_id = dm.tenant_id AND u.id = dm.user_id
       WHERE dm.tenant_id = $1 AND u.active
         AND NOT EXISTS (SELECT 1 FROM scheduled_run s
                          WHERE s.tenant_id = $1 AND s.kind = $3 AND s.subject_id = u.id
                            AND s.run_date = $2 AND s.status = 'done')
       ORDER BY u.id
      """;

  /**
   * The owners with reminders to push at $2 (due and waiting, or claimed in ($4, $3] and never
   * handed over), longest waiting first, with how many and the tokens of their pace bucket (cap $5,
   * $6 a second; no row yet = full); only owners with a whole token, at most $7.
   */
  static final String WAITING_OWNERS =
      """
      WITH waiting AS (
        SELECT owner_id, count(*)::int AS n, min(due_at) AS first FROM reminder
         WHERE tenant_id = $1
           AND (status IN ('pending', 'snoozed') AND due_at <= $2
                OR status = 'sent' AND notified_at IS NULL AND sent_at <= $3 AND sent_at > $4)
         GROUP BY owner_id),
      paced AS (
        SELECT w.owner_id, w.n, w.first, coalesce(pace_tokens(p.tokens, p.refilled_at, $2, $5::float8, $6::float8), $5::float8) AS tokens
          FROM waiting w LEFT JOIN push_pace p ON p.tenant_id = $1 AND p.subject_id = w.owner_id)
      SELECT owner_id, n, tokens FROM paced WHERE tokens >= 1 ORDER BY first, owner_id LIMIT $7
      """;

  /** The tokens of one pace bucket at $3 (cap $4, $5 a second). */
  static final String PACE_TOKENS =
      "SELECT pace_tokens(tokens, refilled_at, $3, $4::float8, $5::float8) FROM push_pace WHERE tenant_id = $1 AND subject_id = $2";

  /**
   * Takes $5[i] tokens from the bucket of subject $4[i] (cap $3, $6 a second) as of $2 where it has
   * them; answers the subjects that got them. A new bucket starts full. A bucket last drawn on
   * after $2 (by a node whose clock is ahead, or whose pass started later) gives nothing: its
   * messages are queued as of $2, and one queued earlier than the draw it follows could put more
   * than the budget in a window.
   */
  static final String PACE_TAKE =
      """
      INSERT INTO push_pace AS p (tenant_id, subject_id, tokens, refilled_at)
      SELECT $1, w.subject_id, $3::float8 - w.spend, $2 FROM unnest($4::bigint[], $5::int[]) AS w(subject_id, spend)
       WHERE w.spend <= $3::float8
      ON CONFLICT (tenant_id, subject_id) DO UPDATE
         SET tokens = pace_tokens(p.tokens, p.refilled_at, $2, $3::float8, $6::float8) - ($3::float8 - EXCLUDED.tokens),
             refilled_at = $2
       WHERE p.refilled_at <= $2
         AND pace_tokens(p.tokens, p.refilled_at, $2, $3::float8, $6::float8) >= $3::float8 - EXCLUDED.tokens
      RETURNING p.subject_id
      """;

  /**
   * The due time of the oldest reminder still to be pushed at $1 (due and waiting, or claimed after
   * $2 and never handed over), over all tenants: one probe of the partial indexes per tenant.
   */
  static final String OLDEST_DUE =
      """
      SELECT min(d) FROM tenant t CROSS JOIN LATERAL (
        SELECT min(r.due_at) AS d FROM reminder r
         WHERE r.tenant_id = t.tenant_id AND r.status IN ('pending', 'snoozed') AND r.due_at <= $1
        UNION ALL
        SELECT min(r.due_at) FROM reminder r
         WHERE r.tenant_id = t.tenant_id AND r.status = 'sent' AND r.notified_at IS NULL AND r.sent_at > $2) x
      """;

  static final String MARK_NOTIFIED =
      "UPDATE reminder SET notified_at = $3 WHERE tenant_id = $1 AND id = ANY($2) AND notified_at IS NULL";

  /** The latest follow-up of each customer in $2, with its author. */
  static final String LAST_FOLLOW_UPS =
      """
      SELECT DISTINCT ON (f.customer_id) f.customer_id, f.method, f.content, f.happened_at, u.name AS author
        FROM follow_up f JOIN crm_user u ON u.tenant_id = f.tenant_id AND u.id = f.author_id
       WHERE f.tenant_id = $1 AND f.customer_id = ANY($2) AND f.deleted_at IS NULL
       ORDER BY f.customer_id, f.happened_at DESC, f.id DESC
      """;

  static final String CUSTOMER_STATES =
      "SELECT id, owner_id, deleted_at IS NOT NULL AS deleted FROM customer WHERE tenant_id = $1 AND id = ANY($2)";

  /**
   * One rep's day for the basic daily report: follow-ups by method, new customers, stage moves and
   * overdue reminders of the users in $2 (everyone when $5), for the day [$3, $4).
   */
  static final String TEAM_DAY =
      """
      WITH team AS (
        SELECT id, name FROM crm_user WHERE tenant_id = $1 AND active AND ($5 OR id = ANY($2))),
      f AS (
        SELECT author_id AS uid, method, count(*) AS n FROM follow_up
         WHERE tenant_id = $1 AND happened_at >= $3 AND happened_at < $4 AND deleted_at IS NULL
           AND author_id IN (SELECT id FROM team)
         GROUP BY author_id, method),
      c AS (
        SELECT created_by AS uid, count(*) AS n FROM customer
         WHERE tenant_id = $1 AND created_at >= $3 AND created_at < $4 AND deleted_at IS NULL
           AND created_by IN (SELECT id FROM team)
         GROUP BY created_by),
      m AS (
        SELECT moved_by AS uid, count(*) AS n FROM opportunity_stage_move
         WHERE tenant_id = $1 AND moved_at >= $3 AND moved_at < $4 AND moved_by IN (SELECT id FROM team)
         GROUP BY moved_by),
      o AS (
        SELECT owner_id AS uid, count(*) AS n FROM reminder
         WHERE tenant_id = $1 AND (status IN ('pending', 'snoozed') OR status = 'sent' AND repeat_rule = 'none')
           AND due_at < least($4, now()) AND owner_id IN (SELECT id FROM team)
         GROUP BY owner_id)
      SELECT team.id, team.name,
             coalesce((SELECT sum(n) FROM f WHERE f.uid = team.id), 0)::int AS follow_ups,
             coalesce((SELECT string_agg(method || ':' || n, ',' ORDER BY method) FROM f WHERE f.uid = team.id), '')
                 AS by_method,
             coalesce((SELECT n FROM c WHERE c.uid = team.id), 0)::int AS new_customers,
             coalesce((SELECT n FROM m WHERE m.uid = team.id), 0)::int AS stage_moves,
             coalesce((SELECT n FROM o WHERE o.uid = team.id), 0)::int AS overdue
        FROM team
       ORDER BY follow_ups DESC, team.name
      """;

  /**
   * One-off reminders pushed and still not done, due in [$3, $2): what the morning nudge lists,
   * with the owner's name and the customer.
   */
  static final String OVERDUE =
      """
      SELECT r.id, r.owner_id, u.name AS owner_name, r.text, r.due_at, c.name AS customer_name
        FROM reminder r
        JOIN crm_user u ON u.tenant_id = r.tenant_id AND u.id = r.owner_id
        LEFT JOIN customer c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
       WHERE r.tenant_id = $1 AND r.status = 'sent' AND r.repeat_rule = 'none' AND r.due_at < $2 AND r.due_at >= $3
         AND u.active
       ORDER BY r.owner_id, r.due_at, r.id
      """;

  /** The managers of the departments each user in $2 belongs to, the user themself excepted. */
  static final String MANAGERS_OF =
      """
      SELECT DISTINCT ud.user_id, dm.user_id AS manager_id
        FROM user_department ud
        JOIN department_manager dm ON dm.tenant_id = ud.tenant_id AND dm.department_id = ud.department_id
        JOIN crm_user m ON m.tenant_id = dm.tenant_id AND m.id = dm.user_id AND m.active
       WHERE ud.tenant_id = $1 AND ud.user_id = ANY($2) AND dm.user_id <> ud.user_id
      """;

  /** Hands a pushed reminder ($2) from its owner to the customer's new owner ($3). */
  static final String REASSIGN =
      "UPDATE reminder SET owner_id = $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2 AND status = 'sent' AND owner_id = $4";
}
