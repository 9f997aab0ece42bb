package com.chatcrm.engine.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail of one record, oldest first. Callers check the actor may see the record.
 */
public final class AuditQueries {

  private static final String HISTORY =
      "SELECT id, actor_id, action, entity_type, entity_id, source, source_ref, changes, at"
          + " FROM audit_log WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY at, id";

  private AuditQueries() {}

  public static Future<List<AuditEntry>> history(
      SqlClient db, long tenantId, String entityType, long entityId) {
    return db.preparedQuery(HISTORY)
        .execute(Tuple.of(tenantId, entityType, entityId))
        .map(
            rows -> {
              List<AuditEntry> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(entry(r));
              }
              return out;
            });
  }

  /** A row of the audit log, its columns under their own names. */
  static AuditEntry entry(Row r) {
    return new AuditEntry(
        r.getLong("id"),
        r.getLong("actor_id"),
        r.getString("action"),
        r.getString("entity_type"),
        r.getLong("entity_id"),
        r.getString("source"),
        r.getString("source_ref"),
        r.getJsonObject("changes"),
        r.getOffsetDateTime("at"));
  }
}
