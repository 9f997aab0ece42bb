package com.chatcrm.engine.error;

import io.vertx.core.json.JsonObject;

/**
 * A refusal the user should see: each subtype has a stable {@link #code()} that the web and chat
 * edges map to an HTTP status or a reply, and a message in plain words.
 */
public abstract class EngineException extends RuntimeException {

  private final JsonObject details;

  protected EngineException(String message, JsonObject details) {
    super(message, null, false, false);
    this.details = details == null ? new JsonObject() : details;
  }

  /** Stable machine-readable code, e.g. {@code not_found}. */
  public abstract String code();

  /** Extra facts for the caller, e.g. who owns the duplicate customer. */
  public JsonObject details() {
    return details;
  }
}
