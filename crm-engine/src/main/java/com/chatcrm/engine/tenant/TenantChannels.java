package com.chatcrm.engine.tenant;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * How the service reaches a tenant on each channel (app ids, callback token and keys). The settings
 * are opaque here; the gateway interprets them. Audit rows never contain the settings themselves.
 */
public final class TenantChannels {

  public static final Set<String> CHANNELS = Set.of("wecom", "dingtalk", "email");

  private static final String GET =
      "SELECT settings FROM tenant_channel WHERE tenant_id = $1 AND channel = $2";
  private static final String PUT =
      "INSERT INTO tenant_channel (tenant_id, channel, settings) VALUES ($1, $2, $3)"
          + " ON CONFLICT (tenant_id, channel) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()";

  private static final String ALL =
      "SELECT c.tenant_id, t.corp_id, c.settings FROM tenant_channel c JOIN tenant t ON t.tenant_id = c.tenant_id"
          + " WHERE c.channel = $1 ORDER BY c.tenant_id";

  /** One tenant's settings for a channel, with the tenant's corp id. */
  public record Configured(long tenantId, String corpId, JsonObject settings) {}

  private final Pool pool;

  public TenantChannels(Pool pool) {
    this.pool = pool;
  }

  /** The channel settings of a tenant; NotFound when the tenant has not set the channel up. */
  public Future<JsonObject> get(long tenantId, String channel) {
    return pool.preparedQuery(GET)
        .execute(Tuple.of(tenantId, channel))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("tenant " + tenantId + " has no " + channel + " channel");
              }
              return rows.iterator().next().getJsonObject(0);
            });
  }

  /** Every tenant that set the channel up, for start-up work such as opening Stream connections. */
  public Future<java.util.List<Configured>> all(String channel) {
    return pool.preparedQuery(ALL)
        .execute(Tuple.of(channel))
        .map(
            rows -> {
              java.util.List<Configured> out = new java.util.ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new Configured(
                              r.getLong("tenant_id"),
                              r.getString("corp_id"),
                              r.getJsonObject("settings"))));
              return out;
            });
  }

  /** What {@link ChangeFeed} carries when a tenant's channel settings change. */
  public static String changeMessage(long tenantId) {
    return "tenant_channel:" + tenantId;
  }

  /** Sets a channel up (admins and the system only); every node's caches hear of it. */
  public Future<Void> put(Actor actor, String channel, JsonObject settings) {
    if (!CHANNELS.contains(channel)) {
      return Future.failedFuture(InvalidInput.field("channel", "must be one of " + CHANNELS));
    }
    return AccessTransaction.asAdmin(
        pool,
        actor,
        "only an admin may configure channels",
        tx ->
            tx.preparedQuery(PUT)
                .execute(Tuple.of(actor.tenantId(), channel, settings))
                .compose(
                    v ->
                        AuditLog.record(
                            tx,
                            actor,
                            "configure",
                            "channel",
                            actor.tenantId(),
                            new JsonObject()
                                .put("channel", channel)
                                .put("keys", settings.fieldNames())))
                .compose(v -> ChangeFeed.announce(tx, changeMessage(actor.tenantId()))));
  }
}
