package com.chatcrm.engine.followup;

import com.chatcrm.engine.error.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** The keyset position after a follow-up, as an opaque string the client hands back unchanged. */
record TimelineCursor(Instant happenedAt, long id) {

  static TimelineCursor after(FollowUp last) {
    return new TimelineCursor(last.happenedAt(), last.id());
  }

  String encode() {
    // PostgreSQL keeps microseconds: a cursor at that precision compares exactly with the stored
    // value.
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, happenedAt);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  static TimelineCursor decode(String cursor) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException(cursor);
      }
      return new TimelineCursor(
          Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS),
          Long.parseLong(parts[1]));
    } catch (IllegalArgumentException e) {
      throw InvalidInput.field("cursor", "not a cursor this service handed out");
    }
  }
}
