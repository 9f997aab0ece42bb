package com.chatcrm.engine.conversation;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What the chat bot is waiting for a user to answer (a missing customer, a time): one open question
 * per user, with a deadline. Kept in Postgres so that the answer may arrive at any node.
 */
public final class ConversationService {

  private final Pool pool;
  private final Clock clock;

  public ConversationService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Remembers the question for the actor, replacing any earlier one, until {@code ttl} has passed.
   */
  public Future<Void> ask(Actor actor, JsonObject state, Duration ttl) {
    if (actor.isSystem()) {
      return Future.failedFuture(InvalidInput.field("actor", "only a user has a conversation"));
    }
    OffsetDateTime expires = OffsetDateTime.ofInstant(clock.instant().plus(ttl), ZoneOffset.UTC);
    return pool.preparedQuery(ConversationSql.PUT)
        .execute(Tuple.of(actor.tenantId(), actor.userId(), state, expires))
        .mapEmpty();
  }

  /**
   * Takes the actor's open question away: the state, or null when there is none or it has expired.
   */
  public Future<JsonObject> take(Actor actor) {
    if (actor.isSystem()) {
      return Future.succeededFuture(null);
    }
    Instant now = clock.instant();
    return pool.preparedQuery(ConversationSql.TAKE)
        .execute(Tuple.of(actor.tenantId(), actor.userId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              Object state = r.getValue("state");
              boolean expired = r.getOffsetDateTime("expires_at").toInstant().isBefore(now);
              return expired || !(state instanceof JsonObject json) ? null : json;
            });
  }

  /** Forgets the actor's open question. */
  /** Forgets questions that expired before {@code now} (system housekeeping); answers how many. */
  public Future<Integer> purgeExpired(java.time.Instant now) {
    return pool.preparedQuery(ConversationSql.PURGE_EXPIRED)
        .execute(Tuple.of(java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)))
        .map(rows -> rows.rowCount());
  }

  public Future<Void> clear(Actor actor) {
    return pool.preparedQuery(ConversationSql.CLEAR)
        .execute(Tuple.of(actor.tenantId(), actor.userId()))
        .mapEmpty();
  }
}
