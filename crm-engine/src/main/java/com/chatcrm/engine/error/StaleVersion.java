package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/**
 * Code {@code stale_version}: someone else changed the record since it was read; reload and try
 * again.
 */
public final class StaleVersion extends EngineException {

  public StaleVersion(String message) {
    this(message, null);
  }

  public StaleVersion(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "stale_version";
  }
}
