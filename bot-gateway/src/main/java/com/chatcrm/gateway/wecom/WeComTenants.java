package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.TenantApps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Finds the tenant and its WeCom app for a corp id, cached briefly: callbacks arrive in bursts and
 * every one needs the keys, but changed settings must take effect within a minute.
 */
public final class WeComTenants {

  /** A tenant with its app and the crypto built from it. */
  public record Entry(
      Tenant tenant, WeComApp app, WeComCallbackCrypto crypto, Set<String> admins) {}

  private final TenantApps<Entry> apps;

  public WeComTenants(Vertx vertx, TenantService tenants, TenantChannels channels) {
    this.apps =
        new TenantApps<>(
            vertx,
            tenants,
            channels,
            "wecom",
            (tenant, settings) -> {
              WeComApp app = appOf(tenant.corpId(), settings);
              return new Entry(
                  tenant,
                  app,
                  new WeComCallbackCrypto(
                      app.callbackToken(), app.encodingAesKey(), tenant.corpId()),
                  TenantApps.admins(settings));
            });
  }

  /** The tenant of this corp id with its WeCom app; fails with NotFound when unknown. */
  public Future<Entry> byCorpId(String corpId) {
    return apps.byCorpId(corpId);
  }

  /** Forgets every cached company, e.g. when a tenant's channel settings changed on any node. */
  public void invalidateAll() {
    apps.invalidateAll();
  }

  public Future<Entry> byTenantId(long tenantId) {
    return apps.byTenantId(tenantId);
  }

  /** The channel settings as stored: agentId, secret, callbackToken, encodingAesKey, admins. */
  public static WeComApp appOf(String corpId, JsonObject s) {
    return new WeComApp(
        corpId,
        s.getInteger("agentId", 0),
        s.getString("secret"),
        s.getString("callbackToken"),
        s.getString("encodingAesKey"));
  }

  /** The settings to store for an app. */
  public static JsonObject settingsOf(WeComApp app) {
    return new JsonObject()
        .put("agentId", app.agentId())
        .put("secret", app.secret())
        .put("callbackToken", app.callbackToken())
        .put("encodingAesKey", app.encodingAesKey());
  }
}
