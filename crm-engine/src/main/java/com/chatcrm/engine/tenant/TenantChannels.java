package com.chatcrm.engine.tenant;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.secret.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * How the service reaches a tenant on each channel (app ids, callback token and keys). The settings
 * are opaque here; the gateway interprets them. Audit rows never contain the settings themselves.
 */
public final class TenantChannels {

  public static final Set<String> CHANNELS = Set.of("wecom", "dingtalk", "email", "webform");

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

  private static final String ALL_FOR_UPDATE =
      "SELECT tenant_id, channel, settings FROM tenant_channel ORDER BY tenant_id, channel FOR UPDATE";
  private static final String SET =
      "UPDATE tenant_channel SET settings = $3, updated_at = now() WHERE tenant_id = $1 AND channel = $2";

  private final Pool pool;
  private final ChannelSecrets secrets;

  /**
   * @param box seals the secret fields of every channel's settings (app secrets, tokens, keys)
   */
  public TenantChannels(Pool pool, SecretBox box) {
    this.pool = pool;
    this.secrets = new ChannelSecrets(box);
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
              return secrets.open(tenantId, channel, rows.iterator().next().getJsonObject(0));
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
                              secrets.open(
                                  r.getLong("tenant_id"), channel, r.getJsonObject("settings")))));
              return out;
            });
  }

  /**
   * Seals again every stored secret that is not sealed under the current master key (all of them,
   * for a key rotation) or only those still in plain text (stored before sealing existed: done at
   * every start). Answers how many values were sealed; one transaction, so nodes starting together
   * do it once.
   */
  public Future<Integer> reseal(boolean plaintextOnly) {
    return Transactions.run(
        pool,
        tx ->
            tx.query(ALL_FOR_UPDATE)
                .execute()
                .compose(
                    rows -> {
                      Future<Integer> done = Future.succeededFuture(0);
                      for (Row r : rows) {
                        JsonObject stored = r.getJsonObject("settings");
                        int stale = secrets.stale(stored, plaintextOnly);
                        if (stale == 0) {
                          continue;
                        }
                        long tenantId = r.getLong("tenant_id");
                        String channel = r.getString("channel");
                        JsonObject sealed =
                            secrets.seal(
                                tenantId, channel, secrets.open(tenantId, channel, stored));
                        done =
                            done.compose(
                                n ->
                                    tx.preparedQuery(SET)
                                        .execute(Tuple.of(tenantId, channel, sealed))
                                        .map(x -> n + stale));
                      }
                      return done;
                    })
                .compose(
                    n ->
                        n == 0
                            ? Future.succeededFuture(0)
                            : ChangeFeed.announce(tx, "tenant_channel:*").map(n)));
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
                .execute(
                    Tuple.of(
                        actor.tenantId(),
                        channel,
                        secrets.seal(actor.tenantId(), channel, settings)))
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
