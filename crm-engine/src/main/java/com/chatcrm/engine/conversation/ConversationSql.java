package com.chatcrm.engine.conversation;

/** Every statement on conversation state, in one place. */
final class ConversationSql {

  private ConversationSql() {}

  /** $1 tenant, $2 user, $3 state, $4 expires. */
  static final String PUT =
      """
      INSERT INTO conversation_state (tenant_id, user_id, state, expires_at)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (tenant_id, user_id) DO UPDATE SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at,
                                                     updated_at = now()
      """;

  /** Takes the state away: of two nodes handling the same user's lines only one gets it. */
  static final String TAKE =
      "DELETE FROM conversation_state WHERE tenant_id = $1 AND user_id = $2 RETURNING state, expires_at";

  static final String CLEAR =
      "DELETE FROM conversation_state WHERE tenant_id = $1 AND user_id = $2";

  static final String REPLY_BY_KEY =
      "SELECT reply FROM command_reply WHERE tenant_id = $1 AND message_key = $2";

  /** The first answer stays: a second run of the same message must not replace it. */
  static final String RECORD_REPLY =
      "INSERT INTO command_reply (tenant_id, message_key, reply) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

  static final String PURGE_REPLIES = "DELETE FROM command_reply WHERE created_at < $1";

  static final String PURGE_EXPIRED = "DELETE FROM conversation_state WHERE expires_at < $1";
}
