package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.TenantApps;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Finds the tenant and its WeCom app for a corp id, cached briefly: callbacks arrive in bursts and
 * every one needs the keys, but changed settings must take effect within a minute.
 */
public final class WeComTenants extends TenantApps<WeComTenants.Entry> {

  /** A tenant with its app and the crypto built from it. */
  public record Entry(
      Tenant tenant, WeComApp app, WeComCallbackCrypto crypto, Set<String> admins) {}

  public WeComTenants(Vertx vertx, TenantService tenants, TenantChannels channels) {
    super(
        vertx,
        tenants,
        channels,
        "wecom",
        (tenant, settings) -> {
          WeComApp app = appOf(tenant.corpId(), settings);
          return new Entry(
              tenant,
              app,
              new WeComCallbackCrypto(app.callbackToken(), app.encodingAesKey(), tenant.corpId()),
              TenantApps.admins(settings));
        });
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
