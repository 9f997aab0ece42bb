package com.chatcrm.engine.mention;

/** Every statement on mentions, in one place. */
final class MentionSql {

  private MentionSql() {}

  static final String SELECT =
      """
      SELECT m.id, m.from_user_id, fu.name AS from_name, m.to_user_id, tu.name AS to_name, m.customer_id,
             c.name AS customer_name, m.opportunity_id, m.text, m.status, m.source_message_id, m.created_at, m.done_at
        FROM mention m
        JOIN crm_user fu ON fu.tenant_id = m.tenant_id AND fu.id = m.from_user_id
        JOIN crm_user tu ON tu.tenant_id = m.tenant_id AND tu.id = m.to_user_id
        LEFT JOIN customer c ON c.tenant_id = m.tenant_id AND c.id = m.customer_id
      """;

  static final String BY_ID = SELECT + " WHERE m.tenant_id = $1 AND m.id = $2";

  static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE OF m";

  static final String BY_MESSAGE =
      SELECT + " WHERE m.tenant_id = $1 AND m.source_message_id = $2 AND m.to_user_id = $3";

  /** $2 user, $3 limit. */
  static final String OPEN_TO =
      SELECT
          + " WHERE m.tenant_id = $1 AND m.to_user_id = $2 AND m.status = 'open'"
          + " ORDER BY m.created_at DESC, m.id DESC LIMIT $3";

  static final String OPEN_FROM =
      SELECT
          + " WHERE m.tenant_id = $1 AND m.from_user_id = $2 AND m.status = 'open'"
          + " ORDER BY m.created_at DESC, m.id DESC LIMIT $3";

  static final String INSERT =
      """
      INSERT INTO mention (tenant_id, from_user_id, to_user_id, customer_id, opportunity_id, text, source_message_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      RETURNING id
      """;

  /** The unique index that makes a re-delivered chat message mention each target once. */
  static final String MESSAGE_KEY = "mention_source_message_key";

  static final String DONE =
      "UPDATE mention SET status = 'done', done_at = now() WHERE tenant_id = $1 AND id = $2";

  static final String CANCEL =
      "UPDATE mention SET status = 'cancelled' WHERE tenant_id = $1 AND id = $2";

  static final String ACTIVE_USER =
      "SELECT name FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active";

  static final String OPPORTUNITY =
      "SELECT customer_id, deleted_at FROM opportunity WHERE tenant_id = $1 AND id = $2";

  static final String ADD_COLLABORATOR =
      "INSERT INTO customer_collaborator (tenant_id, customer_id, user_id, added_by) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT DO NOTHING RETURNING user_id";
}
