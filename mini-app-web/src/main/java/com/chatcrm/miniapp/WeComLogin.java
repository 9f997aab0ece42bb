package com.chatcrm.miniapp;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.Tenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WeCom 免登 and JS-SDK ticket (platforms.md §2.7–2.8) on top of any caller of WeCom's API, so this
 * module stays free of the gateway: the composition root passes {@code (tenantId, path, params) ->
 * weComSender.api(tenantId).compose(api -> api.get(path, params))}. Tickets are cached per tenant
 * for a little less than their lifetime, because WeCom allows only a few hundred fetches an hour.
 */
public final class WeComLogin implements PlatformLogin {

  /** A GET on WeCom's API with the tenant's access token; fails when WeCom answers an errcode. */
  @FunctionalInterface
  public interface WeComGet {
    Future<JsonObject> get(long tenantId, String path, Map<String, String> params);
  }

  private record Ticket(String value, Instant expires) {}

  private final WeComGet api;
  private final Clock clock;
  private final Map<Long, Ticket> tickets = new ConcurrentHashMap<>();

  public WeComLogin(WeComGet api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  @Override
  public Future<String> platformUserId(Tenant tenant, String code) {
    return api.get(tenant.id(), "/cgi-bin/auth/getuserinfo", Map.of("code", code))
        .recover(
            e ->
                String.valueOf(e.getMessage()).contains("40029")
                    ? Future.failedFuture(InvalidInput.field("code", "登录码无效或已使用，请重新打开应用"))
                    : Future.failedFuture(e))
        .compose(
            answer -> {
              String userId = answer.getString("userid", answer.getString("UserId"));
              return userId == null
                  ? Future.failedFuture(new Forbidden("只有企业成员可以使用客户管理"))
                  : Future.succeededFuture(userId);
            });
  }

  @Override
  public Future<String> jsapiTicket(Tenant tenant) {
    Ticket cached = tickets.get(tenant.id());
    if (cached != null && cached.expires().isAfter(clock.instant())) {
      return Future.succeededFuture(cached.value());
    }
    return api.get(tenant.id(), "/cgi-bin/get_jsapi_ticket", Map.of())
        .map(
            answer -> {
              long ttl = Math.max(60, answer.getLong("expires_in", 7200L) - 300);
              Ticket t = new Ticket(answer.getString("ticket"), clock.instant().plusSeconds(ttl));
              tickets.put(tenant.id(), t);
              return t.value();
            });
  }
}
