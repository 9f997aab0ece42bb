package com.chatcrm.engine.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Binds a callback signature that does not cover the body (DingTalk robot and card callbacks sign
 * only their timestamp) to the messages it carried. Genuine messages signed in the same millisecond
 * share a signature, so a few are allowed ({@link #MESSAGES_PER_SIGNATURE}); beyond them another
 * message is a replay, the same message again a re-delivery. Kept in PostgreSQL until the
 * signature's timestamp leaves the accepted window, so another node or a restart does not forget
 * it.
 */
public final class CallbackSignatures {

  /**
   * Distinct messages one signature may carry: a busy company's messages can share a millisecond
   * (at 100 a second, about one second in ten has such a pair), and refusing one would lose it; a
   * captured signature can then bring at most this many forged bodies within its window instead of
   * any number.
   */
  public static final int MESSAGES_PER_SIGNATURE = 8;

  // DO UPDATE (a no-op write) rather than DO NOTHING: it waits for a concurrent first use of the
  // same message
  // and returns a row for it. Two different messages racing at the limit may both get in: the bound
  // is loose by
  // the number of nodes, which is fine for its purpose.
  private static final String BIND =
      """
      WITH prior AS (
        SELECT count(*) AS n FROM callback_signature WHERE tenant_id = $1 AND signed_at = $2 AND sign = $3
          AND message_key <> $4)
      INSERT INTO callback_signature (tenant_id, signed_at, sign, message_key, expires_at)
      SELECT $1, $2, $3, $4, $5 FROM prior WHERE n < $6
      ON CONFLICT (tenant_id, signed_at, sign, message_key) DO UPDATE SET expires_at = callback_signature.expires_at
      RETURNING 1
      """;
  // one row per signature, with no message: a signature over the whole body is used once
  private static final String FIRST_USE =
      "INSERT INTO callback_signature (tenant_id, signed_at, sign, message_key, expires_at)"
          + " VALUES ($1, $2, $3, '', $4) ON CONFLICT DO NOTHING RETURNING 1";
  private static final String PURGE =
      "DELETE FROM callback_signature WHERE (tenant_id, signed_at, sign) IN (SELECT tenant_id, signed_at, sign"
          + " FROM callback_signature WHERE expires_at < $1 LIMIT $2)";

  private final Pool pool;

  public CallbackSignatures(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records that the signature ({@code signedAt}, {@code sign}) carried {@code messageKey},
   * remembered until {@code expiresAt}. Answers true for its first {@link #MESSAGES_PER_SIGNATURE}
   * messages and for each of them again (a re-delivery), false for any further message (a replay).
   */
  public Future<Boolean> bind(
      long tenantId, long signedAt, String sign, String messageKey, Instant expiresAt) {
    return pool.preparedQuery(BIND)
        .execute(
            Tuple.of(
                tenantId,
                signedAt,
                sign,
                messageKey,
                OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC),
                MESSAGES_PER_SIGNATURE))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Records the first use of a signature that covers its whole request (the leads webhook's):
   * answers true the first time, false for the same signature again (a replay), until {@code
   * expiresAt}, on every node.
   */
  public Future<Boolean> firstUse(long tenantId, long signedAt, String sign, Instant expiresAt) {
    return pool.preparedQuery(FIRST_USE)
        .execute(
            Tuple.of(tenantId, signedAt, sign, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Forgets up to {@code limit} signatures that expired before {@code now}; answers how many. */
  public Future<Integer> purgeExpired(Instant now, int limit) {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }
}
