package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/** Code {@code forbidden}: the actor may not see or change it. */
public final class Forbidden extends EngineException {

  public Forbidden(String message) {
    this(message, null);
  }

  public Forbidden(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "forbidden";
  }
}
