package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.function.Function;

/**
 * Loads a live customer inside the caller's transaction and applies {@link CustomerRules}: the gate
 * for records hung off a customer (contacts, follow-ups, mentions).
 */
public final class CustomerGuard {

  private CustomerGuard() {}

  /**
   * The customer if the actor may see it; {@link NotFound} when missing, deleted or in another
   * tenant.
   */
  public static Future<Customer> readable(SqlClient db, Access access, long customerId) {
    return live(db, access, customerId, false);
  }

  /**
   * Runs {@code read} with the actor's access once they may see the customer; {@link NotFound}
   * otherwise, before anything of it is read.
   */
  public static <T> Future<T> whenReadable(
      Pool pool, Actor actor, long customerId, Function<Access, Future<T>> read) {
    return AccessResolver.resolve(pool, actor)
        .compose(access -> readable(pool, access, customerId).compose(c -> read.apply(access)));
  }

  /**
   * The customer if the actor may edit it (and so follow it up); {@code lock} takes the row lock so
   * that a transfer or a pool reclaim cannot slip in before the caller commits.
   */
  public static Future<Customer> editable(
      SqlClient db, Access access, long customerId, boolean lock) {
    return live(db, access, customerId, lock)
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

  /**
   * A live customer the actor may see. One the actor may not see fails exactly like a missing id,
   * before anything names it or its owner: a rep learns nothing about a colleague's customers by
   * trying ids.
   */
  private static Future<Customer> live(SqlClient db, Access access, long customerId, boolean lock) {
    return CustomerService.load(db, access.tenantId(), customerId, lock)
        .recover(e -> Future.failedFuture(e instanceof NotFound ? missing(customerId) : e))
        .map(
            c -> {
              if (!CustomerRules.canRead(access, c)) {
                throw missing(customerId);
              }
              if (c.deleted()) {
                throw new NotFound("客户「" + c.name() + "」已删除");
              }
              return c;
            });
  }

  /**
   * Fails with {@code asMissing} when the actor may not see the customer (or it does not exist):
   * for records hung off a customer, so that one of a hidden customer answers like a missing id of
   * its own kind.
   */
  public static Future<Void> mustSee(
      SqlClient db, Access access, long customerId, NotFound asMissing) {
    return CustomerService.load(db, access.tenantId(), customerId, false)
        .recover(e -> Future.failedFuture(e instanceof NotFound ? asMissing : e))
        .compose(
            c ->
                CustomerRules.canRead(access, c)
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(asMissing));
  }

  /**
   * The refusal for a customer that does not exist or that the actor may not see: the same words
   * for both.
   */
  public static NotFound missing(long customerId) {
    return new NotFound("客户不存在（" + customerId + "）");
  }

  private static JsonObject details(Customer c) {
    return new JsonObject()
        .put("entity", "customer")
        .put("id", c.id())
        .put("ownerName", c.ownerName());
  }
}
