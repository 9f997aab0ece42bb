package com.chatcrm.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The mini-app's sessions: the signing key (environment only, {@code CRM_MINIAPP_SESSION_KEY}, at
 * least 32 characters; in sandbox mode a random one per start when unset), how long a login lasts,
 * and the map tiles of the 拜访 page ({@code miniapp.mapTileUrl}, a {z}/{x}/{y} template; empty: no
 * map, nothing fetched from anywhere).
 */
public record MiniAppSettings(
    Optional<String> sessionKey, Duration sessionTtl, Optional<String> mapTileUrl) {

  public MiniAppSettings(Optional<String> sessionKey, Duration sessionTtl) {
    this(sessionKey, sessionTtl, Optional.empty());
  }

  @Override
  public String toString() {
    return "MiniAppSettings[sessionKey=***, sessionTtl="
        + sessionTtl
        + ", mapTileUrl="
        + mapTileUrl
        + "]";
  }
}
