package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/** Code {@code duplicate}: an equal record exists already. */
public final class Duplicate extends EngineException {

  public Duplicate(String message) {
    this(message, null);
  }

  public Duplicate(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "duplicate";
  }
}
