package com.chatcrm.config;

import java.util.List;
import java.util.Optional;

/**
 * The master keys that seal secrets stored in the database: the current one (base64 of 32 bytes;
 * empty in the dev profile means its public development key) and previous ones still accepted for
 * reading during a rotation. Environment only; never printed.
 */
public record SecretsConfig(Optional<String> masterKey, List<String> previousKeys) {

  @Override
  public String toString() {
    return "SecretsConfig[masterKey="
        + (masterKey.isPresent() ? "***" : "development")
        + ", previousKeys="
        + previousKeys.size()
        + "]";
  }
}
