package com.chatcrm.config;

import java.util.Locale;

/** One configuration key, and the environment variable and system property that override it. */
record Setting(String key, String description) {

  /** {@code db.embedded.dataDir} is overridden by {@code CRM_DB_EMBEDDED_DATA_DIR}. */
  String envName() {
    String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_');
    return "CRM_" + snake.toUpperCase(Locale.ROOT);
  }

  /** {@code db.url} is overridden by {@code -Dcrm.db.url=...}. */
  String propertyName() {
    return "crm." + key;
  }
}
