package com.chatcrm.engine.followup;

/** Every statement on follow-ups, in one place. */
final class FollowUpSql {

  private FollowUpSql() {}

  static final String SELECT =
      """
      SELECT f.id, f.customer_id, c.name AS customer_name, f.opportunity_id, f.author_id, u.name AS author_name,
             f.method, f.content, f.happened_at, f.next_step, f.next_follow_up_at, f.source, f.source_message_id,
             f.created_at, f.deleted_at, f.place, f.address, f.latitude, f.longitude, f.accuracy_m, f.checked_in_at,
             (SELECT r.id FROM reminder r
               WHERE r.tenant_id = f.tenant_id AND r.follow_up_id = f.id ORDER BY r.id LIMIT 1) AS reminder_id
        FROM follow_up f
        JOIN customer c ON c.tenant_id = f.tenant_id AND c.id = f.customer_id
        JOIN crm_user u ON u.tenant_id = f.tenant_id AND u.id = f.author_id
      """;

  static final String BY_ID = SELECT + " WHERE f.tenant_id = $1 AND f.id = $2";

  static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE OF f";

  static final String BY_MESSAGE = SELECT + " WHERE f.tenant_id = $1 AND f.source_message_id = $2";

  /**
   * $1–$11 as the columns, $12 source kind, $13 source ref, $14 the audit row's changes. A
   * follow-up resets the pool clock: the customer is being worked, so any reclaim warning is void.
   * One round trip writes the follow-up, the customer's recency and the audit row, and returns what
   * a read of the row would add.
   */
  static final String INSERT_AUDITED =
      """
      WITH touched AS (
        UPDATE customer SET last_follow_up_at = greatest(last_follow_up_at, $7), pool_warned_at = NULL
         WHERE tenant_id = $1 AND id = $2),
      logged AS (
        INSERT INTO follow_up (tenant_id, customer_id, opportunity_id, author_id, method, content, happened_at,
                               next_step, next_follow_up_at, source, source_message_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        RETURNING id, happened_at, next_follow_up_at, created_at),
      audited AS (
        INSERT INTO audit_log (tenant_id, actor_id, action, entity_type, entity_id, source, source_ref, changes)
        SELECT $1, $4, 'create', 'follow_up', id, $12, $13, $14 FROM logged)
      SELECT id, happened_at, next_follow_up_at, created_at,
             (SELECT u.name FROM crm_user u WHERE u.tenant_id = $1 AND u.id = $4) AS author_name
        FROM logged
      """;

  /**
   * {@link #INSERT_AUDITED} for the customer's own owner, outside a transaction: the customer row
   * is written only while it is the author's, out of the pool and not deleted (checked on its
   * latest version), and the rest only when it was; the customer's name comes back with the
   * follow-up. No row back: it was not, and the caller takes the locked path.
   */
  static final String INSERT_OWN_AUDITED =
      swap(
          swap(
              swap(
                  INSERT_AUDITED,
                  "WHERE tenant_id = $1 AND id = $2),",
                  "WHERE tenant_id = $1 AND id = $2 AND owner_id = $4 AND NOT in_pool AND deleted_at IS NULL\n"
                      + "     RETURNING id, name),"),
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM touched"),
          "SELECT id, happened_at, next_follow_up_at, created_at,",
          "SELECT id, happened_at, next_follow_up_at, created_at,"
              + " (SELECT name FROM touched) AS customer_name,");

  /**
   * {@code sql} with {@code part} replaced, failing at class load when it is not there: an edit of
   * {@link #INSERT_AUDITED} must not silently drop the owner's guard from its derived statement.
   */
  private static String swap(String sql, String part, String with) {
    if (!sql.contains(part)) {
      throw new IllegalStateException("INSERT_AUDITED no longer holds: " + part);
    }
    return sql.replace(part, with);
  }

  static final String OPPORTUNITY =
      "SELECT customer_id, deleted_at FROM opportunity WHERE tenant_id = $1 AND id = $2";

  /** $2 customer, $3 limit. */
  static final String TIMELINE_FIRST =
      SELECT
          + " WHERE f.tenant_id = $1 AND f.customer_id = $2 AND f.deleted_at IS NULL"
          + " ORDER BY f.happened_at DESC, f.id DESC LIMIT $3";

  /** $2 customer, $3 + $4 the cursor (happened_at, id), $5 limit. */
  static final String TIMELINE_BEFORE =
      SELECT
          + " WHERE f.tenant_id = $1 AND f.customer_id = $2 AND f.deleted_at IS NULL"
          + " AND (f.happened_at, f.id) < ($3, $4)"
          + " ORDER BY f.happened_at DESC, f.id DESC LIMIT $5";

  /**
   * The customer's 最近跟进 goes back to its latest remaining follow-up (none: never followed up), so
   * an undone follow-up neither shows in lists nor holds off the pool clock. The statement's own
   * update is not visible to its subquery, hence the id excluded.
   */
  static final String SOFT_DELETE =
      """
      WITH gone AS (
        UPDATE follow_up SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING customer_id)
      UPDATE customer c
         SET last_follow_up_at = (SELECT max(f.happened_at) FROM follow_up f
                                   WHERE f.tenant_id = $1 AND f.customer_id = c.id
                                     AND f.deleted_at IS NULL AND f.id <> $2)
        FROM gone
       WHERE c.tenant_id = $1 AND c.id = gone.customer_id
      """;

  /** $3 content, $4 method: a correction by the author (see FollowUpEdits). */
  static final String UPDATE =
      "UPDATE follow_up SET content = $3, method = $4 WHERE tenant_id = $1 AND id = $2";
}
