package com.chatcrm.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The mini-app's sessions: the signing key (environment only, {@code CRM_MINIAPP_SESSION_KEY}, at
 * least 32 characters; in sandbox mode a random one per start when unset) and how long a login
 * lasts.
 */
public record MiniAppSettings(Optional<String> sessionKey, Duration sessionTtl) {

  @Override
  public String toString() {
    return "MiniAppSettings[sessionKey=***, sessionTtl=" + sessionTtl + "]";
  }
}
