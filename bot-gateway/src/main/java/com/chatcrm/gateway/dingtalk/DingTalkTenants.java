package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.TenantApps;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Finds the tenant and its DingTalk app for a corp id, cached briefly: callbacks arrive in bursts
 * and every one needs the keys, but changed settings must take effect within a minute. Settings
 * live in the engine's {@code tenant_channel} table under channel {@code dingtalk}.
 */
public final class DingTalkTenants extends TenantApps<DingTalkTenants.Entry> {

  /**
   * A tenant with its app, its event crypto (null when events are not configured) and its admins.
   */
  public record Entry(
      Tenant tenant, DingTalkApp app, DingTalkCallbackCrypto crypto, Set<String> admins) {}

  public DingTalkTenants(Vertx vertx, TenantService tenants, TenantChannels channels) {
    super(
        vertx,
        tenants,
        channels,
        "dingtalk",
        (tenant, settings) -> {
          DingTalkApp app = appOf(tenant.corpId(), settings);
          DingTalkCallbackCrypto crypto =
              app.receivesEvents()
                  ? new DingTalkCallbackCrypto(app.eventToken(), app.eventAesKey(), app.ownerKey())
                  : null;
          return new Entry(tenant, app, crypto, TenantApps.admins(settings));
        });
  }

  /**
   * The channel settings as stored: appKey, appSecret, robotCode, agentId, eventToken, eventAesKey,
   * eventOwnerKey, miniAppUrl, admins; stream (true: callbacks over Stream mode); cardTemplateId
   * and cardCallbackRouteKey for interactive cards.
   */
  public static DingTalkApp appOf(String corpId, JsonObject s) {
    return new DingTalkApp(
        corpId,
        s.getString("appKey"),
        s.getString("appSecret"),
        s.getString("robotCode"),
        s.getLong("agentId", 0L),
        s.getString("eventToken"),
        s.getString("eventAesKey"),
        s.getString("eventOwnerKey"),
        s.getString("miniAppUrl"),
        s.getString("cardTemplateId"),
        s.getBoolean("stream", false),
        s.getString("cardCallbackRouteKey"));
  }

  /** The settings to store for an app. */
  public static JsonObject settingsOf(DingTalkApp app) {
    JsonObject s =
        new JsonObject()
            .put("appKey", app.appKey())
            .put("appSecret", app.appSecret())
            .put("robotCode", app.robotCode())
            .put("agentId", app.agentId());
    if (app.eventToken() != null) {
      s.put("eventToken", app.eventToken()).put("eventAesKey", app.eventAesKey());
    }
    if (app.eventOwnerKey() != null) {
      s.put("eventOwnerKey", app.eventOwnerKey());
    }
    if (app.miniAppUrl() != null) {
      s.put("miniAppUrl", app.miniAppUrl());
    }
    if (app.stream()) {
      s.put("stream", true);
    }
    if (app.usesCards()) {
      s.put("cardTemplateId", app.cardTemplateId());
    }
    if (app.cardRouteKey() != null) {
      s.put("cardCallbackRouteKey", app.cardRouteKey());
    }
    return s;
  }
}
