package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/** Code {@code conflict}: the record is in a state that does not allow it. */
public final class Conflict extends EngineException {

  public Conflict(String message) {
    this(message, null);
  }

  public Conflict(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "conflict";
  }
}
