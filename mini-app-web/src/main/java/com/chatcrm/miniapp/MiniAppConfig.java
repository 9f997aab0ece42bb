package com.chatcrm.miniapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the mini-app API.
 *
 * @param sessionKey HMAC key signing session tokens (HS256); at least 32 bytes, from the
 *     environment
 * @param sessionTtl how long a session token is valid; the page logs in again after that
 * @param sandbox whether {@code POST /api/dev-login} exists (sandbox mode only)
 * @param mapTileUrl the 拜访 page's map tiles ({@code {z}/{x}/{y}} template), null for no map
 */
public record MiniAppConfig(
    String sessionKey, Duration sessionTtl, boolean sandbox, String mapTileUrl) {

  /** Without a map: the 拜访 page lists visits and fetches no tiles. */
  public MiniAppConfig(String sessionKey, Duration sessionTtl, boolean sandbox) {
    this(sessionKey, sessionTtl, sandbox, null);
  }

  public MiniAppConfig {
    Objects.requireNonNull(sessionKey, "sessionKey");
    Objects.requireNonNull(sessionTtl, "sessionTtl");
    if (sessionKey.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("miniapp.sessionKey must be at least 32 bytes long");
    }
    if (sessionTtl.isNegative()
        || sessionTtl.isZero()
        || sessionTtl.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("miniapp.sessionTtl must be between 1 second and 1 day");
    }
  }
}
