package com.chatcrm.config;

import java.util.Optional;

/**
 * Who may read {@code /metrics} and the detailed {@code /health}: with a token (environment only,
 * {@code CRM_MANAGEMENT_TOKEN}, at least 32 characters) only requests carrying {@code
 * Authorization: Bearer <token>}; without one, everybody in the dev profile (local use) and nobody
 * in the prod profile.
 */
public record ManagementConfig(Optional<String> token, boolean openWithoutToken) {

  @Override
  public String toString() {
    return "ManagementConfig[token="
        + (token.isPresent() ? "***" : "none")
        + ", openWithoutToken="
        + openWithoutToken
        + "]";
  }
}
