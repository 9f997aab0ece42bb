package com.chatcrm.engine.audit;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.followup.CustomerGuard;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A customer's 操作记录: what was done to the customer itself, to its contacts, and the edits of its
 * follow-ups and reminders (their creation shows in their own lists), oldest first, with who did
 * it; the newest {@value #MAX} at most. A colleague's reminder the actor may not see stays out, as
 * it does everywhere else.
 */
public final class CustomerHistory {

  /** An entry, who made it, and what it was about ("王采购" for a contact, a reminder's text). */
  public record Line(AuditEntry entry, String actorName, String subject) {}

  static final int MAX = 500;

  private static final String SQL =
      """
      WITH e (type, id, subject, owner_id) AS (
          SELECT 'customer', $2::bigint, NULL::text, NULL::bigint
          UNION ALL SELECT 'contact', id, name, NULL FROM contact WHERE tenant_id = $1 AND customer_id = $2
          UNION ALL SELECT 'follow_up', id, NULL, NULL FROM follow_up WHERE tenant_id = $1 AND customer_id = $2
          UNION ALL SELECT 'reminder', id, text, owner_id FROM reminder WHERE tenant_id = $1 AND customer_id = $2)
      SELECT a.id, a.actor_id, u.name AS actor_name, a.action, a.entity_type, a.entity_id, a.source,
             a.source_ref, a.changes, a.at, e.subject, e.owner_id
        FROM e
        JOIN audit_log a ON a.tenant_id = $1 AND a.entity_type = e.type AND a.entity_id = e.id
        LEFT JOIN crm_user u ON u.tenant_id = a.tenant_id AND u.id = a.actor_id
       WHERE e.type IN ('customer', 'contact') OR a.action <> 'create'
       ORDER BY a.at DESC, a.id DESC
       LIMIT $3
      """;

  private final Pool pool;

  public CustomerHistory(Pool pool) {
    this.pool = pool;
  }

  /** The history of a customer the actor may see; a customer they may not see answers 404. */
  public Future<List<Line>> of(Actor actor, long customerId) {
    return CustomerGuard.whenReadable(
        pool,
        actor,
        customerId,
        access ->
            pool.preparedQuery(SQL)
                .execute(Tuple.of(actor.tenantId(), customerId, MAX))
                .map(rows -> lines(access, rows)));
  }

  private static List<Line> lines(Access access, Iterable<Row> rows) {
    List<Line> out = new ArrayList<>();
    for (Row r : rows) {
      Long owner = r.getLong("owner_id");
      if (owner != null && !access.seesOwner(owner)) {
        continue;
      }
      out.add(new Line(AuditQueries.entry(r), r.getString("actor_name"), r.getString("subject")));
    }
    // the newest MAX were read; shown oldest first
    Collections.reverse(out);
    return out;
  }
}
