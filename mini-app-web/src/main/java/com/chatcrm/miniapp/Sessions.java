package com.chatcrm.miniapp;

import com.chatcrm.engine.tenant.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.time.Clock;
import java.time.Instant;

/**
 * Session tokens of the mini-app: HS256 JWTs bound to one tenant and one user, valid for the
 * configured time. Stateless, so any node can check them.
 */
final class Sessions {

  private final JWTAuth auth;
  private final MiniAppConfig config;
  private final Clock clock;

  Sessions(Vertx vertx, MiniAppConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.auth =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.sessionKey())));
  }

  /** A fresh session for the user, as the login endpoints answer it. */
  JsonObject issue(Tenant tenant, long userId, String platformUserId, String name) {
    long ttl = config.sessionTtl().toSeconds();
    String token =
        auth.generateToken(
            new JsonObject()
                .put("sub", Long.toString(userId))
                .put("tid", tenant.id())
                .put("puid", platformUserId)
                .put("name", name),
            new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ttl));
    return new JsonObject()
        .put("token", token)
        .put("expiresAt", Instant.now(clock).plusSeconds(ttl).toString())
        .put(
            "user",
            new JsonObject()
                .put("id", userId)
                .put("platformUserId", platformUserId)
                .put("name", name))
        .put("tenant", Views.tenant(tenant));
  }

  JWTAuthHandler handler() {
    return JWTAuthHandler.create(auth);
  }

  static long tenantId(User user) {
    return ((Number) user.get("tid")).longValue();
  }

  static long userId(User user) {
    return Long.parseLong(user.get("sub").toString());
  }
}
