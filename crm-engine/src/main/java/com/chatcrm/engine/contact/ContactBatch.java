package com.chatcrm.engine.contact;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Contacts of customers just created by an import, written a batch at a time in the caller's
 * transaction; checked as {@link ContactService#add} checks them, without the duplicate-phone
 * warning (imports of known data).
 */
public final class ContactBatch {

  /** A contact and the customer it belongs to. */
  public record Entry(long customerId, NewContact contact) {}

  private ContactBatch() {}

  /** Fails with {@code InvalidInput} naming the field when {@code c} could not be added. */
  public static void check(NewContact c) {
    ContactService.Fields.of(c.name(), c.title(), c.phones(), c.email(), c.wechatId());
  }

  public static Future<Void> insert(SqlClient tx, Actor actor, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> inserts = new ArrayList<>();
    List<ContactService.Fields> all = new ArrayList<>();
    for (Entry e : entries) {
      NewContact c = e.contact();
      ContactService.Fields f =
          ContactService.Fields.of(c.name(), c.title(), c.phones(), c.email(), c.wechatId());
      all.add(f);
      inserts.add(
          Tuple.from(
              new Object[] {
                actor.tenantId(),
                e.customerId(),
                f.name(),
                f.title(),
                f.phones().toArray(String[]::new),
                f.email(),
                f.wechatId(),
                actor.userId()
              }));
    }
    return tx.preparedQuery(ContactSql.INSERT)
        .executeBatch(inserts)
        .compose(
            rows -> {
              List<Tuple> audits = new ArrayList<>();
              int i = 0;
              for (RowSet<Row> r = rows; r != null; r = r.next(), i++) {
                audits.add(
                    AuditLog.tuple(
                        actor,
                        "create",
                        "contact",
                        r.iterator().next().getLong(0),
                        all.get(i).toJson().put("customerId", entries.get(i).customerId())));
              }
              return AuditLog.recordAll(tx, audits);
            });
  }
}
