package com.chatcrm.engine.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Binds a callback signature that does not cover the body (DingTalk robot and card callbacks sign only
 * their timestamp) to the first message it carried: the same signature with another message is a replay,
 * with the same message a re-delivery. Kept in PostgreSQL until the signature's timestamp leaves the
 * accepted window, so another node or a restart does not forget it.
 */
public final class CallbackSignatures {

  // DO UPDATE (a no-op write) rather than DO NOTHING: it waits for a concurrent first use and returns its key.
  private static final String BIND =
      """
      INSERT INTO callback_signature (tenant_id, signed_at, sign, message_key, expires_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (tenant_id, signed_at, sign) DO UPDATE SET message_key = callback_signature.message_key
      RETURNING message_key
      """;
  private static final String PURGE =
      "DELETE FROM callback_signature WHERE (tenant_id, signed_at, sign) IN (SELECT tenant_id, signed_at, sign"
          + " FROM callback_signature WHERE expires_at < $1 LIMIT $2)";

  private final Pool pool;

  public CallbackSignatures(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records that the signature ({@code signedAt}, {@code sign}) carried {@code messageKey}, remembered until
   * {@code expiresAt}. Answers true for its first message and for that message again (a re-delivery), false
   * when it already carried another message (a replay).
   */
  public Future<Boolean> bind(long tenantId, long signedAt, String sign, String messageKey, Instant expiresAt) {
    return pool.preparedQuery(BIND)
        .execute(Tuple.of(tenantId, signedAt, sign, messageKey, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .map(rows -> messageKey.equals(rows.iterator().next().getString(0)));
  }

  /** Forgets up to {@code limit} signatures that expired before {@code now}; answers how many. */
  public Future<Integer> purgeExpired(Instant now, int limit) {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }
}
