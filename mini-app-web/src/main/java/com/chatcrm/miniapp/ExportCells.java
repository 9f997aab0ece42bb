package com.chatcrm.miniapp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How exports write times (to the minute, in the tenant's zone) and rates. */
final class ExportCells {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private ExportCells() {}

  static String time(Instant t, ZoneId zone) {
    return t == null ? null : TIME.format(t.atZone(zone));
  }

  static String time(OffsetDateTime t, ZoneId zone) {
    return t == null ? null : TIME.format(t.atZoneSameInstant(zone));
  }

  static String percent(int p) {
    return p + "%";
  }
}
