package com.chatcrm.engine.conversation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The bot's answer to each chat message, by its platform message id, so that handling a message
 * again repeats the answer instead of creating a second reminder or deal.
 */
public final class ReplyLog {

  private final Pool pool;

  public ReplyLog(Pool pool) {
    this.pool = pool;
  }

  /** The recorded answer to the message, or null. */
  public Future<JsonObject> find(long tenantId, String messageKey) {
    return pool.preparedQuery(ConversationSql.REPLY_BY_KEY)
        .execute(Tuple.of(tenantId, messageKey))
        .map(
            rows ->
                rows.size() == 0 ? null : (JsonObject) rows.iterator().next().getValue("reply"));
  }

  /** Records the answer; the first one recorded for a message stays. */
  public Future<Void> record(long tenantId, String messageKey, JsonObject reply) {
    return pool.preparedQuery(ConversationSql.RECORD_REPLY)
        .execute(Tuple.of(tenantId, messageKey, reply))
        .mapEmpty();
  }

  /** Forgets answers recorded before {@code before} (platforms stop retrying within hours). */
  public Future<Integer> purge(Instant before) {
    return pool.preparedQuery(ConversationSql.PURGE_REPLIES)
        .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
        .map(rows -> rows.rowCount());
  }
}
