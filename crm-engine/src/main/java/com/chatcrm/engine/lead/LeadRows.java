package com.chatcrm.engine.lead;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** Rows of {@link LeadSql#COLUMNS} as {@link Lead}s. */
final class LeadRows {

  private LeadRows() {}

  static Lead map(Row r) {
    String[] phones = r.getArrayOfStrings("phones");
    return new Lead(
        r.getLong("id"),
        r.getString("company"),
        r.getString("contact_name"),
        phones == null ? List.of() : Arrays.asList(phones),
        LeadSource.of(r.getString("source")),
        LeadStatus.of(r.getString("status")),
        r.getLong("owner_id"),
        r.getString("owner_name"),
        r.getString("region"),
        r.getString("industry"),
        r.getString("note"),
        r.getString("invalid_reason"),
        r.getLong("customer_id"),
        r.getLong("opportunity_id"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")),
        r.getInteger("version"));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
