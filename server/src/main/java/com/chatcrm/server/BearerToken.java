package com.chatcrm.server;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A token a request must carry as {@code Authorization: Bearer <token>}, compared in constant time.
 */
final class BearerToken {

  private final byte[] token;

  BearerToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  boolean carriedBy(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // constant time: the comparison must not tell how much of a guess was right
    return MessageDigest.isEqual(
        token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
  }
}
