package com.chatcrm.engine.audit;

import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes who changed what, when and from which message. Call it with the transaction of the change
 * itself, so that a change and its audit row commit or fail together.
 */
public final class AuditLog {

  private static final String INSERT =
      "INSERT INTO audit_log (tenant_id, actor_id, action, entity_type, entity_id, source, source_ref, changes)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  private AuditLog() {}

  /**
   * @param action e.g. {@code create}, {@code update}, {@code delete}, {@code restore}, {@code
   *     stage_move}, {@code transfer}, {@code claim}
   * @param changes the changed fields, as {@code {"field": {"from": x, "to": y}}} or the new values
   */
  public static Future<Void> record(
      SqlClient tx,
      Actor actor,
      String action,
      String entityType,
      long entityId,
      JsonObject changes) {
    return tx.preparedQuery(INSERT)
        .execute(tuple(actor, action, entityType, entityId, changes))
        .mapEmpty();
  }

  /** One audit row's parameters, for {@link #recordAll}. */
  public static Tuple tuple(
      Actor actor, String action, String entityType, long entityId, JsonObject changes) {
    return Tuple.from(
        new Object[] {
          actor.tenantId(),
          actor.auditUserId(),
          action,
          entityType,
          entityId,
          actor.source().kind(),
          actor.source().ref(),
          changes == null ? new JsonObject() : changes
        });
  }

  /** Many audit rows in one round trip (a batch of imported records). */
  public static Future<Void> recordAll(SqlClient tx, List<Tuple> rows) {
    return rows.isEmpty()
        ? Future.succeededFuture()
        : tx.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
  }

  /**
   * Runs {@code insert} (an {@code INSERT … RETURNING id}) once per tuple in one round trip and
   * records a {@code create} row for each record made (a batch of imported records); answers the
   * ids in order.
   *
   * @param changes the audit changes of the i-th record
   */
  public static Future<List<Long>> createAll(
      SqlClient tx,
      Actor actor,
      String insert,
      List<Tuple> rows,
      String entityType,
      IntFunction<JsonObject> changes) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return tx.preparedQuery(insert)
        .executeBatch(rows)
        .compose(
            results -> {
              List<Long> ids = new ArrayList<>();
              for (RowSet<Row> r = results; r != null; r = r.next()) {
                ids.add(r.iterator().next().getLong(0));
              }
              List<Tuple> audits = new ArrayList<>();
              for (int i = 0; i < ids.size(); i++) {
                audits.add(tuple(actor, "create", entityType, ids.get(i), changes.apply(i)));
              }
              return recordAll(tx, audits).map(v -> List.copyOf(ids));
            });
  }

  /** {@code {"from": before, "to": after}}, the shape of one changed field. */
  public static JsonObject change(Object before, Object after) {
    return new JsonObject().put("from", before).put("to", after);
  }
}
