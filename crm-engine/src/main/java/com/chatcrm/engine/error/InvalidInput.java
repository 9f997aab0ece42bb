package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/** Code {@code invalid_input}: a field is missing or malformed. */
public final class InvalidInput extends EngineException {

  public InvalidInput(String message) {
    this(message, null);
  }

  public InvalidInput(String message, JsonObject details) {
    super(message, details);
  }

  /** A refusal that names the offending field, e.g. {@code amount}. */
  public static InvalidInput field(String field, String message) {
    return new InvalidInput(field + ": " + message, new JsonObject().put("field", field));
  }

  @Override
  public String code() {
    return "invalid_input";
  }
}
