package com.chatcrm.engine.tenant;

import com.chatcrm.engine.secret.SecretBox;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Which fields of a channel's settings are secret, and their sealing: every such field is stored
 * sealed (see {@link SecretBox}), bound to its tenant, channel and field, and opened on reading.
 */
final class ChannelSecrets {

  /** The secret fields of any channel: app secrets, callback tokens, AES keys, passwords. */
  static final Set<String> FIELDS =
      Set.of(
          "secret",
          "appSecret",
          "callbackToken",
          "encodingAesKey",
          "eventToken",
          "eventAesKey",
          "password");

  private final SecretBox box;

  ChannelSecrets(SecretBox box) {
    this.box = box;
  }

  SecretBox box() {
    return box;
  }

  /** A copy of {@code settings} with every secret field sealed under the current key. */
  JsonObject seal(long tenantId, String channel, JsonObject settings) {
    JsonObject out = settings.copy();
    for (String field : FIELDS) {
      if (out.getValue(field) instanceof String value && !box.isCurrent(value)) {
        String where = where(tenantId, channel, field);
        out.put(field, box.seal(box.open(value, where), where));
      }
    }
    return out;
  }

  /** A copy of stored {@code settings} with every secret field opened. */
  JsonObject open(long tenantId, String channel, JsonObject settings) {
    JsonObject out = settings.copy();
    for (String field : FIELDS) {
      if (out.getValue(field) instanceof String value) {
        out.put(field, box.open(value, where(tenantId, channel, field)));
      }
    }
    return out;
  }

  /** How many secret fields of stored {@code settings} are not sealed under the current key. */
  int stale(JsonObject settings, boolean plaintextOnly) {
    int n = 0;
    for (String field : FIELDS) {
      String value = settings.getValue(field) instanceof String s ? s : null;
      if (value != null && (plaintextOnly ? !SecretBox.isSealed(value) : !box.isCurrent(value))) {
        n++;
      }
    }
    return n;
  }

  private static String where(long tenantId, String channel, String field) {
    return "tenant " + tenantId + " " + channel + "." + field;
  }
}
