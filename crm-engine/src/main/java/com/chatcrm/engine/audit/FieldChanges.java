package com.chatcrm.engine.audit;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** What an update changed, in the shape the audit log stores and the 操作记录 shows. */
public final class FieldChanges {

  private FieldChanges() {}

  /**
   * {@code {"field": {"from": .., "to": ..}}} for every field whose value differs between the two,
   * in the order of {@code before}'s fields, then any field only {@code after} has; empty when
   * nothing changed.
   */
  public static JsonObject between(JsonObject before, JsonObject after) {
    JsonObject changes = new JsonObject();
    for (String key : before.fieldNames()) {
      add(changes, key, before, after);
    }
    for (String key : after.fieldNames()) {
      if (!before.containsKey(key)) {
        add(changes, key, before, after);
      }
    }
    return changes;
  }

  private static void add(JsonObject changes, String key, JsonObject before, JsonObject after) {
    if (!Objects.equals(before.getValue(key), after.getValue(key))) {
      changes.put(key, AuditLog.change(before.getValue(key), after.getValue(key)));
    }
  }
}
