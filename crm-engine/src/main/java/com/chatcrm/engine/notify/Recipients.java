package com.chatcrm.engine.notify;

import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Looks up how to reach a user, for the adapters that deliver notifications. */
public final class Recipients {

  private static final String BY_ID =
      """
      SELECT t.platform, u.platform_user_id, u.email, u.notify_by_email, u.active
        FROM crm_user u JOIN tenant t ON t.tenant_id = u.tenant_id
       WHERE u.tenant_id = $1 AND u.id = $2
      """;
  private static final String BY_PLATFORM_ID =
      """
      SELECT u.id, t.platform, u.platform_user_id, u.email, u.notify_by_email, u.active
        FROM crm_user u JOIN tenant t ON t.tenant_id = u.tenant_id
       WHERE u.tenant_id = $1 AND u.platform_user_id = $2
      """;
  private static final String SET_EMAIL_PREFERENCE =
      "UPDATE crm_user SET notify_by_email = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2";

  private final Pool pool;

  public Recipients(Pool pool) {
    this.pool = pool;
  }

  /** The user's addresses; NotFound when the tenant has no such user. */
  public Future<Recipient> get(long tenantId, long userId) {
    return pool.preparedQuery(BY_ID)
        .execute(Tuple.of(tenantId, userId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no user " + userId + " in tenant " + tenantId);
              }
              Row r = rows.iterator().next();
              return new Recipient(
                  tenantId,
                  userId,
                  r.getString("platform"),
                  r.getString("platform_user_id"),
                  r.getString("email"),
                  r.getBoolean("notify_by_email"),
                  r.getBoolean("active"));
            });
  }

  /** The user with this id on the tenant's platform; NotFound when there is none. */
  public Future<Recipient> byPlatformUserId(long tenantId, String platformUserId) {
    return pool.preparedQuery(BY_PLATFORM_ID)
        .execute(Tuple.of(tenantId, platformUserId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no user " + platformUserId + " in tenant " + tenantId);
              }
              Row r = rows.iterator().next();
              return new Recipient(
                  tenantId,
                  r.getLong("id"),
                  r.getString("platform"),
                  r.getString("platform_user_id"),
                  r.getString("email"),
                  r.getBoolean("notify_by_email"),
                  r.getBoolean("active"));
            });
  }

  /** Whether the user also wants pushed messages by email. */
  public Future<Void> preferEmail(long tenantId, long userId, boolean byEmail) {
    return pool.preparedQuery(SET_EMAIL_PREFERENCE)
        .execute(Tuple.of(tenantId, userId, byEmail))
        .mapEmpty();
  }
}
