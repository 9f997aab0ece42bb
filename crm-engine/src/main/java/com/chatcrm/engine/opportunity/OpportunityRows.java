package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerRows;
import io.vertx.sqlclient.Row;

/** Maps rows of stages, opportunities, stage moves and customers to records. */
final class OpportunityRows {

  private OpportunityRows() {}

  static Stage stage(Row r) {
    return new Stage(
        r.getLong("id"),
        r.getString("name"),
        r.getInteger("position"),
        r.getInteger("probability"),
        StageKind.parse(r.getString("kind")),
        r.getBoolean("active"));
  }

  static Opportunity opportunity(Row r) {
    return new Opportunity(
        r.getLong("id"),
        r.getLong("customer_id"),
        r.getString("customer_name"),
        r.getString("name"),
        r.getBigDecimal("amount"),
        r.getLocalDate("expected_close"),
        r.getLong("stage_id"),
        r.getString("stage_name"),
        OpportunityStatus.parse(r.getString("status")),
        r.getString("lost_reason"),
        r.getInteger("probability"),
        r.getLong("owner_id"),
        r.getString("owner_name"),
        r.getOffsetDateTime("closed_at"),
        r.getLong("created_by"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"),
        r.getInteger("version"),
        r.getValue("deleted_at") != null);
  }

  static StageMove move(Row r) {
    return new StageMove(
        r.getLong("id"),
        r.getLong("from_stage_id"),
        r.getString("from_name"),
        r.getLong("to_stage_id"),
        r.getString("to_name"),
        r.getLong("moved_by"),
        r.getString("moved_by_name"),
        r.getOffsetDateTime("moved_at"));
  }

  static Customer customer(Row r) {
    return CustomerRows.map(r);
  }
}
