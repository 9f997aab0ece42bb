package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the tenant and its WeCom app for a corp id, cached briefly: callbacks arrive in bursts and
 * every one needs the keys, but changed settings must take effect within a minute.
 */
public final class WeComTenants {

  /** A tenant with its app and the crypto built from it. */
  public record Entry(Tenant tenant, WeComApp app, WeComCallbackCrypto crypto, Set<String> admins) {}

  private final Vertx vertx;
  private final TenantService tenants;
  private final TenantChannels channels;
  private final AsyncCache<String, Optional<Entry>> cache;

  public WeComTenants(Vertx vertx, TenantService tenants, TenantChannels channels) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.channels = channels;
    Context context = vertx.getOrCreateContext();
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(Duration.ofMinutes(1))
        .maximumSize(10_000)
        .executor(task -> context.runOnContext(v -> task.run()))
        .buildAsync();
  }

  /** The tenant of this corp id with its WeCom app; fails with NotFound when unknown. */
  public Future<Entry> byCorpId(String corpId) {
    return Future.fromCompletionStage(
            cache.get(corpId, (key, executor) -> load(key).toCompletionStage().toCompletableFuture()),
            vertx.getOrCreateContext())
        .map(found -> found.orElseThrow(() -> new NotFound("no WeCom company " + corpId)));
  }

  /** Forgets every cached company, e.g. when a tenant's channel settings changed on any node. */
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  public Future<Entry> byTenantId(long tenantId) {
    return tenants.get(tenantId).compose(t -> byCorpId(t.corpId()));
  }

  /** An unknown corp is cached as empty too, so a flood of junk callbacks does not reach the database. */
  private Future<Optional<Entry>> load(String corpId) {
    return tenants.find("wecom", corpId)
        .compose(tenant -> channels.get(tenant.id(), "wecom").map(settings -> {
          WeComApp app = appOf(corpId, settings);
          Set<String> admins = new HashSet<>();
          settings.getJsonArray("admins", new JsonArray()).forEach(a -> admins.add(String.valueOf(a)));
          return Optional.of(new Entry(tenant, app,
              new WeComCallbackCrypto(app.callbackToken(), app.encodingAesKey(), corpId), Set.copyOf(admins)));
        }))
        .recover(e -> e instanceof NotFound ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
  }

  /** The channel settings as stored: agentId, secret, callbackToken, encodingAesKey, admins. */
  public static WeComApp appOf(String corpId, JsonObject s) {
    return new WeComApp(corpId, s.getInteger("agentId", 0), s.getString("secret"), s.getString("callbackToken"),
        s.getString("encodingAesKey"));
  }

  /** The settings to store for an app. */
  public static JsonObject settingsOf(WeComApp app) {
    return new JsonObject().put("agentId", app.agentId()).put("secret", app.secret())
        .put("callbackToken", app.callbackToken()).put("encodingAesKey", app.encodingAesKey());
  }
}
