package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/** Code {@code not_found}: the record does not exist in this tenant, or is deleted. */
public final class NotFound extends EngineException {

  public NotFound(String message) {
    this(message, null);
  }

  public NotFound(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "not_found";
  }
}
