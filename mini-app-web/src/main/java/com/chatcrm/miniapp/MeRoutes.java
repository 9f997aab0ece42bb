package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the session's user learns of themselves: who they are in which company ({@code me}), their
 * team, and the signed JS-SDK config of their company's platform.
 */
final class MeRoutes {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MiniAppConfig config;
  private final Map<String, PlatformLogin> platforms;
  private final Clock clock;
  private final TenantService tenants;
  private final TenantChannels channels;
  private final OrgQueries orgQueries;

  MeRoutes(Engine engine, MiniAppConfig config, Map<String, PlatformLogin> platforms) {
    this.config = config;
    this.platforms = platforms;
    this.clock = engine.clock();
    this.tenants = engine.tenants();
    this.channels = engine.channels();
    this.orgQueries = engine.orgQueries();
  }

  void addTo(Operations operations) {
    operations.on("me", 200, this::me);
    operations.on("jsSdkConfig", 200, this::jsSdkConfig);
    operations.on(
        "team",
        200,
        c ->
            orgQueries
                .team(c.actor())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::member))));
  }

  private Future<Object> me(Call c) {
    Actor actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant ->
                orgQueries
                    .team(actor)
                    .map(
                        team -> {
                          JsonObject me =
                              team.stream()
                                  .filter(m -> m.id() == actor.userId())
                                  .findFirst()
                                  .map(Views::member)
                                  .orElse(new JsonObject().put("id", actor.userId()));
                          boolean admin = "admin".equals(me.getString("role"));
                          return new JsonObject()
                              .put("user", me)
                              .put("tenant", Views.tenant(tenant))
                              .put("admin", admin)
                              .put("manager", admin || team.size() > 1)
                              .put("sandbox", config.sandbox());
                        }));
  }

  private Future<Object> jsSdkConfig(Call c) {
    Actor actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            tenant -> {
              PlatformLogin platform = platforms.get(tenant.platform());
              if (platform == null) {
                return Future.failedFuture(
                    new NotFound("no JS-SDK for " + tenant.platform() + " is configured"));
              }
              // dd.config (DingTalk) and agentConfig (WeCom) also need the app's agent id
              Future<Object> agentId =
                  channels
                      .get(tenant.id(), tenant.platform())
                      .map(settings -> settings.getValue("agentId"))
                      .otherwise((Object) null);
              return platform
                  .jsapiTicket(tenant)
                  .compose(
                      ticket ->
                          agentId.map(
                              agent -> {
                                byte[] bytes = new byte[8];
                                RANDOM.nextBytes(bytes);
                                String nonce = HexFormat.of().formatHex(bytes);
                                long timestamp = Instant.now(clock).getEpochSecond();
                                return new JsonObject()
                                    .put("platform", tenant.platform())
                                    .put("appId", tenant.corpId())
                                    .put("corpId", tenant.corpId())
                                    .put("agentId", agent)
                                    .put("timestamp", timestamp)
                                    .put("nonceStr", nonce)
                                    .put(
                                        "signature",
                                        JsSdkSignature.sign(
                                            ticket, nonce, timestamp, c.query("url")));
                              }));
            });
  }
}
