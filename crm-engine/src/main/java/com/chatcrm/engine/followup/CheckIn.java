package com.chatcrm.engine.followup;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * Where and when a 拜访签到 was made: the phone's position (WGS-84 or GCJ-02 as the platform gave it;
 * {@code accuracyM} its radius in metres, null when unknown), the place as the rep confirmed it,
 * the platform's address if it gave one, and the server's time of the check-in.
 */
public record CheckIn(
    String place,
    String address,
    double latitude,
    double longitude,
    Double accuracyM,
    Instant checkedInAt) {

  /** The check-in of a follow-up row, null when it has none. */
  static CheckIn of(Row r) {
    if (r.getValue("checked_in_at") == null) {
      return null;
    }
    return new CheckIn(
        r.getString("place"),
        r.getString("address"),
        r.getDouble("latitude"),
        r.getDouble("longitude"),
        r.getDouble("accuracy_m"),
        FollowUpService.instant(r, "checked_in_at"));
  }
}
