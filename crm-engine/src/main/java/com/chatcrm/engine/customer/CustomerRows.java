package com.chatcrm.engine.customer;

import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;

/**
 * Maps rows selected with {@code CustomerSql.COLUMNS} (any query of that projection) to customers.
 */
public final class CustomerRows {

  private CustomerRows() {}

  public static Customer map(Row r) {
    return new Customer(
        r.getLong("id"),
        r.getString("name"),
        r.getString("short_name"),
        strings(r, "aliases"),
        r.getString("industry"),
        r.getString("region"),
        r.getString("source"),
        CustomerLevel.parse(r.getString("level")),
        strings(r, "phones"),
        r.getString("address"),
        strings(r, "tags"),
        r.getLong("owner_id"),
        r.getString("owner_name"),
        r.getBoolean("in_pool"),
        List.of(r.getArrayOfLongs("collaborators")),
        r.getOffsetDateTime("last_follow_up_at"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"),
        r.getInteger("version"),
        r.getValue("deleted_at") != null);
  }

  private static List<String> strings(Row r, String column) {
    String[] values = r.getArrayOfStrings(column);
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }
}
