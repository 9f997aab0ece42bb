package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/** Code {@code limit_reached}: a per-tenant rule refuses it (pool limits, ...). */
public final class LimitReached extends EngineException {

  public LimitReached(String message) {
    this(message, null);
  }

  public LimitReached(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "limit_reached";
  }
}
