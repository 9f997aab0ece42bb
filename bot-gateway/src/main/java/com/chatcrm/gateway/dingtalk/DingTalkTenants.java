package com.chatcrm.gateway.dingtalk;

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
 * Finds the tenant and its DingTalk app for a corp id, cached briefly: callbacks arrive in bursts and
 * every one needs the keys, but changed settings must take effect within a minute. Settings live in
 * the engine's {@code tenant_channel} table under channel {@code dingtalk}.
 */
public final class DingTalkTenants {

  /** A tenant with its app, its event crypto (null when events are not configured) and its admins. */
  public record Entry(Tenant tenant, DingTalkApp app, DingTalkCallbackCrypto crypto, Set<String> admins) {}

  private final Vertx vertx;
  private final TenantService tenants;
  private final TenantChannels channels;
  private final AsyncCache<String, Optional<Entry>> cache;

  public DingTalkTenants(Vertx vertx, TenantService tenants, TenantChannels channels) {
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

  /** The tenant of this corp id with its DingTalk app; fails with NotFound when unknown. */
  public Future<Entry> byCorpId(String corpId) {
    return Future.fromCompletionStage(
            cache.get(corpId, (key, executor) -> load(key).toCompletionStage().toCompletableFuture()),
            vertx.getOrCreateContext())
        .map(found -> found.orElseThrow(() -> new NotFound("no DingTalk company " + corpId)));
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
    return tenants.find("dingtalk", corpId)
        .compose(tenant -> channels.get(tenant.id(), "dingtalk").map(settings -> {
          DingTalkApp app = appOf(corpId, settings);
          Set<String> admins = new HashSet<>();
          settings.getJsonArray("admins", new JsonArray()).forEach(a -> admins.add(String.valueOf(a)));
          DingTalkCallbackCrypto crypto = app.receivesEvents()
              ? new DingTalkCallbackCrypto(app.eventToken(), app.eventAesKey(), app.ownerKey())
              : null;
          return Optional.of(new Entry(tenant, app, crypto, Set.copyOf(admins)));
        }))
        .recover(e -> e instanceof NotFound ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
  }

  /**
   * The channel settings as stored: appKey, appSecret, robotCode, agentId, eventToken, eventAesKey,
   * eventOwnerKey, miniAppUrl, admins.
   */
  public static DingTalkApp appOf(String corpId, JsonObject s) {
    return new DingTalkApp(corpId, s.getString("appKey"), s.getString("appSecret"), s.getString("robotCode"),
        s.getLong("agentId", 0L), s.getString("eventToken"), s.getString("eventAesKey"), s.getString("eventOwnerKey"),
        s.getString("miniAppUrl"));
  }

  /** The settings to store for an app. */
  public static JsonObject settingsOf(DingTalkApp app) {
    JsonObject s = new JsonObject().put("appKey", app.appKey()).put("appSecret", app.appSecret())
        .put("robotCode", app.robotCode()).put("agentId", app.agentId());
    if (app.eventToken() != null) {
      s.put("eventToken", app.eventToken()).put("eventAesKey", app.eventAesKey());
    }
    if (app.eventOwnerKey() != null) {
      s.put("eventOwnerKey", app.eventOwnerKey());
    }
    if (app.miniAppUrl() != null) {
      s.put("miniAppUrl", app.miniAppUrl());
    }
    return s;
  }
}
