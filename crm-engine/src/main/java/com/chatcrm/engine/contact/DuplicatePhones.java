package com.chatcrm.engine.contact;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.customer.CustomerService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Iterator;
import java.util.List;

/**
 * The duplicate-phone warning of contacts: whether another live contact (of a live customer) has
 * one of the phones, compared as {@link CompanyNames#normalizePhone} compares them (by the indexed
 * {@code contact.phone_norms}). The warning names the other contact only if the actor may see its
 * customer; otherwise it says only that the number is taken, so nobody learns a colleague's
 * customer by typing phone numbers.
 */
final class DuplicatePhones {

  private DuplicatePhones() {}

  /**
   * Fails with {@link DuplicatePhone} if another contact than {@code selfId} has one of {@code
   * phones}.
   */
  static Future<Void> refuse(SqlClient tx, Access access, long selfId, List<String> phones) {
    if (phones.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ContactSql.SAME_PHONE)
        .execute(Tuple.of(access.tenantId(), selfId, phones.toArray(String[]::new)))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : warn(tx, access, rows));
  }

  /** The first match whose customer the actor may see is named; if none, the generic words. */
  private static Future<Void> warn(SqlClient tx, Access access, RowSet<Row> rows) {
    return firstVisible(tx, access, rows.iterator(), rows.iterator().next().getString("phone"));
  }

  private static Future<Void> firstVisible(
      SqlClient tx, Access access, Iterator<Row> rows, String firstPhone) {
    if (!rows.hasNext()) {
      return Future.failedFuture(
          new DuplicatePhone(
              "该电话（" + firstPhone + "）已被其他联系人使用", new JsonObject().put("phone", firstPhone)));
    }
    Row r = rows.next();
    return CustomerService.load(tx, access.tenantId(), r.getLong("customer_id"), false)
        .compose(
            c -> {
              if (!CustomerRules.canRead(access, c)) {
                return firstVisible(tx, access, rows, firstPhone);
              }
              String phone = r.getString("phone");
              return Future.failedFuture(
                  new DuplicatePhone(
                      "电话 " + phone + " 已是「" + c.name() + "」的联系人「" + r.getString("name") + "」的电话",
                      new JsonObject()
                          .put("phone", phone)
                          .put("contactId", r.getLong("id"))
                          .put("contactName", r.getString("name"))
                          .put("customerId", c.id())
                          .put("customerName", c.name())));
            });
  }
}
