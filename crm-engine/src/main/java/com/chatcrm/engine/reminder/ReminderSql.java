package com.chatcrm.engine.reminder;

/** Every statement on reminders, in one place. */
final class ReminderSql {

  private ReminderSql() {}

  static final String SELECT =
      """
      SELECT r.id, r.owner_id, r.customer_id, c.name AS customer_name, r.follow_up_id, r.due_at, r.repeat_rule,
             r.repeat_anchor, r.channels, r.text, r.status, r.created_by, r.created_at, r.updated_at, r.sent_at,
             r.version, r.next_id
        FROM reminder r LEFT JOIN customer c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
      """;

  static final String BY_ID = SELECT + " WHERE r.tenant_id = $1 AND r.id = $2";

  static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE OF r";

  static final String BY_IDS =
      SELECT + " WHERE r.tenant_id = $1 AND r.id = ANY($2) ORDER BY r.due_at, r.id";

  static final String INSERT =
      """
      INSERT INTO reminder (tenant_id, owner_id, customer_id, follow_up_id, due_at, repeat_rule, repeat_anchor,
                            channels, text, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      RETURNING id
      """;

  /** $2 owner, $3 limit. */
  static final String UPCOMING =
      SELECT
          + " WHERE r.tenant_id = $1 AND r.owner_id = $2 AND r.status IN ('pending', 'snoozed')"
          + " ORDER BY r.due_at, r.id LIMIT $3";

  /** $2 owner, $3 now, $4 limit. */
  static final String OVERDUE =
      SELECT
          // a pushed card nobody acted on is still overdue; a repeating one's is superseded by its
          // next occurrence
          + " WHERE r.tenant_id = $1 AND r.owner_id = $2 AND r.due_at < $3"
          + " AND (r.status IN ('pending', 'snoozed') OR r.status = 'sent' AND r.repeat_rule = 'none')"
          + " ORDER BY r.due_at, r.id LIMIT $4";

  /** $2 from (inclusive), $3 to (exclusive), $4 limit. */
  static final String DUE_BETWEEN =
      SELECT
          + " WHERE r.tenant_id = $1 AND r.status IN ('pending', 'snoozed') AND r.due_at >= $2 AND r.due_at < $3"
          + " ORDER BY r.due_at, r.id LIMIT $4";

  /**
   * Moves up to $3 reminders due by $2 to 'sent'. SKIP LOCKED lets concurrent dispatchers each take
   * different rows instead of queueing behind one another; a row another claimer holds is simply
   * not due for this one.
   */
  static final String CLAIM =
      """
      WITH due AS (
        SELECT d.id FROM reminder d
         WHERE d.tenant_id = $1 AND d.status IN ('pending', 'snoozed') AND d.due_at <= $2
         ORDER BY d.due_at, d.id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
      UPDATE reminder r SET status = 'sent', sent_at = $2, version = r.version + 1, updated_at = now()
        FROM due
       WHERE r.tenant_id = $1 AND r.id = due.id
      RETURNING r.id
      """;

  /**
   * Claims for each owner in $3 up to its limit in $4 of its reminders due by $2 (waiting, or
   * claimed at or before $5 and after $6 but never handed over), soonest first, as of $2: the
   * dispatcher takes exactly what each owner's pace lets it push now, so nothing claimed has to
   * wait for a lease.
   */
  static final String CLAIM_FOR_OWNERS =
      """
      WITH owners AS (SELECT * FROM unnest($3::bigint[], $4::int[]) AS o(owner_id, lim)),
      due AS (
        SELECT d.id FROM owners o CROSS JOIN LATERAL (
          SELECT r.id FROM reminder r
           WHERE r.tenant_id = $1 AND r.owner_id = o.owner_id
             AND (r.status IN ('pending', 'snoozed') AND r.due_at <= $2
                  OR r.status = 'sent' AND r.notified_at IS NULL AND r.sent_at <= $5 AND r.sent_at > $6)
           ORDER BY r.due_at, r.id
           LIMIT o.lim
           FOR UPDATE SKIP LOCKED) d)
      UPDATE reminder r SET status = 'sent', sent_at = $2, updated_at = now(),
             version = CASE WHEN r.status = 'sent' THEN r.version ELSE r.version + 1 END
        FROM due
       WHERE r.tenant_id = $1 AND r.id = due.id
      RETURNING r.id
      """;

  static final String SET_STATUS =
      "UPDATE reminder SET status = $3, version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2";

  static final String SNOOZE =
      "UPDATE reminder SET status = 'snoozed', due_at = $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  static final String SET_NEXT =
      "UPDATE reminder SET next_id = $3 WHERE tenant_id = $1 AND id = $2";

  /** Cancels the later occurrences of a series that are not finished. */
  static final String CANCEL_FOLLOWING =
      """
      WITH RECURSIVE chain (id) AS (
        SELECT next_id FROM reminder WHERE tenant_id = $1 AND id = $2 AND next_id IS NOT NULL
        UNION
        SELECT r.next_id FROM reminder r JOIN chain ON r.tenant_id = $1 AND r.id = chain.id
         WHERE r.next_id IS NOT NULL)
      UPDATE reminder SET status = 'cancelled', version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id IN (SELECT id FROM chain) AND status IN ('pending', 'sent', 'snoozed')
      RETURNING id
      """;

  static final String CANCEL_FOR_FOLLOW_UP =
      "UPDATE reminder SET status = 'cancelled', version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND follow_up_id = $2 AND status IN ('pending', 'sent', 'snoozed') RETURNING id";

  static final String CANCEL_IDS =
      "UPDATE reminder SET status = 'cancelled', version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = ANY($2) AND status IN ('pending', 'sent', 'snoozed') RETURNING id";

  static final String TENANT_ZONE = "SELECT time_zone FROM tenant WHERE tenant_id = $1";

  static final String ACTIVE_USER =
      "SELECT 1 FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active";

  /**
   * $3 due time, $4 text. A reminder already pushed whose time moves waits again for its new time
   * (as a snooze does), so it is pushed then.
   */
  static final String EDIT =
      """
      UPDATE reminder SET due_at = $3, text = $4,
             status = CASE WHEN status = 'sent' AND due_at <> $3 THEN 'pending' ELSE status END,
             version = version + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;
}
