package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * Loads a live customer inside the caller's transaction and applies {@link CustomerRules}: the gate
 * for records hung off a customer (contacts, follow-ups, mentions).
 */
public final class CustomerGuard {

  private CustomerGuard() {}

  /** The customer if the actor may see it; {@link NotFound} when missing, deleted or in another tenant. */
  public static Future<Customer> readable(SqlClient db, Access access, long customerId) {
    return live(db, access.tenantId(), customerId, false)
        .map(
            c -> {
              if (!CustomerRules.canRead(access, c)) {
                throw new Forbidden("你没有权限查看客户「" + c.name() + "」", details(c));
              }
              return c;
            });
  }

  /**
   * The customer if the actor may edit it (and so follow it up); {@code lock} takes the row lock so
   * that a transfer or a pool reclaim cannot slip in before the caller commits.
   */
  public static Future<Customer> editable(SqlClient db, Access access, long customerId, boolean lock) {
    return live(db, access.tenantId(), customerId, lock)
        .map(
            c -> {
              if (!CustomerRules.canEdit(access, c)) {
                throw new Forbidden(
                    c.inPool()
                        ? "客户「" + c.name() + "」在公海中，请先领取"
                        : "客户「" + c.name() + "」的负责人是" + c.ownerName() + "，你不是负责人或协同人",
                    details(c));
              }
              return c;
            });
  }

  private static Future<Customer> live(SqlClient db, long tenantId, long customerId, boolean lock) {
    return CustomerService.load(db, tenantId, customerId, lock)
        .recover(e -> Future.failedFuture(e instanceof NotFound ? new NotFound("客户不存在（" + customerId + "）") : e))
        .map(
            c -> {
              if (c.deleted()) {
                throw new NotFound("客户「" + c.name() + "」已删除");
              }
              return c;
            });
  }

  private static JsonObject details(Customer c) {
    return new JsonObject()
        .put("entity", "customer")
        .put("id", c.id())
        .put("ownerName", c.ownerName());
  }
}
