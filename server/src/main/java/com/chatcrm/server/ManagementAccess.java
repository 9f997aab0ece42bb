package com.chatcrm.server;

import com.chatcrm.config.ManagementConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who may read the operator's views ({@code /metrics}, the detailed {@code /health}): with a
 * management token configured, a request carrying {@code Authorization: Bearer <token>}; without
 * one, anybody in the dev profile and nobody in prod (a deployment that forgot the token shows
 * nothing rather than everything).
 */
final class ManagementAccess {

  private final Optional<BearerToken> token;
  private final boolean openWithoutToken;

  ManagementAccess(ManagementConfig config) {
    this.token = config.token().map(BearerToken::new);
    this.openWithoutToken = config.openWithoutToken();
  }

  boolean allows(RoutingContext ctx) {
    if (token.isEmpty()) {
      return openWithoutToken;
    }
    return token.get().carriedBy(ctx);
  }

  /** A route handler that lets through only who {@link #allows}; the others get a 401 in JSON. */
  void guard(RoutingContext ctx) {
    if (allows(ctx)) {
      ctx.next();
      return;
    }
    ctx.response()
        .setStatusCode(401)
        .putHeader("www-authenticate", "Bearer realm=\"management\"")
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(
            new JsonObject()
                .put("code", "unauthorized")
                .put(
                    "message",
                    token.isPresent()
                        ? "需要管理令牌：请求头 Authorization: Bearer <CRM_MANAGEMENT_TOKEN>"
                        : "未配置管理令牌（CRM_MANAGEMENT_TOKEN），生产环境不开放此接口")
                .encode());
  }
}
