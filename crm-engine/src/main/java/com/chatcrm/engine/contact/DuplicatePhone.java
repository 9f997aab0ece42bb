package com.chatcrm.engine.contact;

import com.chatcrm.engine.error.EngineException;
import io.vertx.core.json.JsonObject;

/**
 * Code {@code duplicate_phone}: another live contact already has one of the phones. A warning, not
 * a rule: the same caller may save anyway (a switchboard number is often shared). Its details name
 * the other contact and customer only when the actor may see that customer.
 */
public final class DuplicatePhone extends EngineException {

  public DuplicatePhone(String message, JsonObject details) {
    super(message, details);
  }

  @Override
  public String code() {
    return "duplicate_phone";
  }
}
