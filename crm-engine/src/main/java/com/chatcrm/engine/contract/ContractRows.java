package com.chatcrm.engine.contract;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/** Maps result rows of {@link ContractSql} to records. */
final class ContractRows {

  private ContractRows() {}

  static Contract contract(Row r) {
    return new Contract(
        r.getLong("id"),
        r.getLong("opportunity_id"),
        r.getString("opportunity_name"),
        r.getLong("customer_id"),
        r.getString("customer_name"),
        r.getString("number"),
        r.getBigDecimal("amount"),
        r.getBigDecimal("received"),
        r.getLocalDate("signed_on"),
        r.getLocalDate("starts_on"),
        r.getLocalDate("ends_on"),
        r.getLong("owner_id"),
        r.getString("owner_name"),
        r.getInteger("version"),
        List.of());
  }

  static List<Instalment> instalments(RowSet<Row> rows) {
    List<Instalment> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(instalment(r));
    }
    return out;
  }

  static Instalment instalment(Row r) {
    return new Instalment(
        r.getLong("id"),
        r.getInteger("seq"),
        r.getLocalDate("due_on"),
        r.getBigDecimal("amount"),
        r.getBigDecimal("received"),
        r.getOffsetDateTime("paid_at"),
        r.getLong("reminder_id"));
  }

  static Receipt receipt(Row r) {
    return new Receipt(
        r.getLong("id"),
        r.getBigDecimal("amount"),
        r.getLocalDate("received_on"),
        r.getString("note"),
        r.getLong("recorded_by"),
        r.getString("recorded_by_name"),
        r.getOffsetDateTime("recorded_at"));
  }
}
