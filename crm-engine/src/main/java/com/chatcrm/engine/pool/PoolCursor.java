package com.chatcrm.engine.pool;

import com.chatcrm.engine.error.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The position after the last row of a pool page: its pool time and id, opaque to callers. Keyset
 * rather than offset, so a customer claimed meanwhile never makes the next page skip one.
 */
record PoolCursor(OffsetDateTime poolTime, long id) {

  String encode() {
    String raw = poolTime.toInstant() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for the first page. */
  static PoolCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw =
          new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new PoolCursor(
          Instant.parse(raw.substring(0, bar)).atOffset(ZoneOffset.UTC),
          Long.parseLong(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw InvalidInput.field("cursor", "not a cursor this list handed out");
    }
  }
}
