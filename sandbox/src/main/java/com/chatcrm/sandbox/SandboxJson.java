package com.chatcrm.sandbox;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What the platform stand-ins share: reading request bodies and answering in the platforms' errcode
 * JSON.
 */
final class SandboxJson {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SandboxJson() {}

  /** The request's JSON body, or null when there is none or it is not JSON. */
  static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static JsonObject ok() {
    return new JsonObject().put("errcode", 0).put("errmsg", "ok");
  }

  static JsonObject error(int code, String message) {
    return new JsonObject().put("errcode", code).put("errmsg", message);
  }

  static long parseLong(String s, long fallback) {
    try {
      return s == null ? fallback : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
