package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.audit.CustomerHistory;
import com.chatcrm.engine.customer.CustomerChanges;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerList;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.transfer.CustomerTransfers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Customers: the list (by scope and filters, or a search), one customer, creating, changing,
 * deleting and restoring one, handing it to a colleague, and its history.
 */
final class CustomerRoutes {

  private final Pool pool;
  private final CustomerHistory history;
  private final CustomerService customers;
  private final CustomerList customerList;
  private final CustomerSearch customerSearch;
  private final CustomerTransfers transfers;

  CustomerRoutes(Engine engine) {
    this.pool = engine.pool();
    this.history = engine.customerHistory();
    this.customers = engine.customers();
    this.customerList = engine.customerList();
    this.customerSearch = engine.search();
    // a colleague handed a customer hears of it through the engine's notifier
    this.transfers = engine.transfers();
  }

  void addTo(Operations operations) {
    operations.on("listCustomers", 200, this::listCustomers);
    operations.on("createCustomer", 201, this::createCustomer);
    operations.on("getCustomer", 200, this::getCustomer);
    operations.on("updateCustomer", 200, this::updateCustomer);
    operations.on(
        "deleteCustomer", 200, c -> customers.delete(c.actor(), c.id()).map(Views::customer));
    operations.on(
        "restoreCustomer", 200, c -> customers.restore(c.actor(), c.id()).map(Views::customer));
    operations.on(
        "transferCustomer",
        200,
        c -> transfers.transfer(c.actor(), c.id(), c.bodyLong("toUserId")).map(Views::customer));
    operations.on("customerAudit", 200, this::customerAudit);
  }

  /**
   * canEdit / canManage: the page offers changes (fields, deals; delete, 退回公海) only to who may make
   * them; the engine decides again on each change. A deleted customer is shown (deleted, with
   * nothing to change) only to who may restore it, so its page still offers 恢复 after a reload; to
   * anyone else it stays as missing as an id that never existed.
   */
  private Future<Object> getCustomer(Call c) {
    return AccessResolver.resolve(pool, c.actor())
        .compose(
            access ->
                customers
                    .get(c.actor(), c.id())
                    .<Object>map(
                        x ->
                            Views.customer(x)
                                .put("canEdit", CustomerRules.canEdit(access, x))
                                .put("canManage", CustomerRules.canManage(access, x)))
                    .recover(
                        refused ->
                            refused instanceof NotFound
                                ? CustomerService.load(pool, c.actor().tenantId(), c.id(), false)
                                    .recover(missing -> Future.failedFuture(refused))
                                    .compose(
                                        x ->
                                            x.deleted() && CustomerRules.canManage(access, x)
                                                ? Future.succeededFuture(
                                                    Views.customer(x)
                                                        .put("canEdit", false)
                                                        .put("canManage", true))
                                                : Future.failedFuture(refused))
                                : Future.failedFuture(refused)));
  }

  private Future<Object> listCustomers(Call c) {
    int limit = c.queryInt("limit", 20);
    String q = c.query("q");
    if (q != null) {
      return customerSearch
          .search(c.actor(), q, CustomerSearch.Scope.VISIBLE, limit)
          .map(
              hits -> {
                JsonArray items = new JsonArray();
                hits.forEach(
                    h -> items.add(Views.customer(h.customer()).put("matchedOn", h.matchedOn())));
                return Views.page(items, null);
              });
    }
    // the contract allows only the list scopes
    CustomerFilter.Scope scope =
        CustomerFilter.Scope.ofList(c.query("scope"), CustomerFilter.Scope.TEAM);
    Long owner = c.queryLong("ownerId");
    CustomerFilter filter = new CustomerFilter(scope, c.queryLevel("level"), owner, c.query("tag"));
    return customerList
        .list(c.actor(), filter, c.queryLong("cursor"), limit)
        .map(p -> Views.page(Views.all(p.items(), Views::customer), p.nextCursor()));
  }

  private Future<Object> createCustomer(Call c) {
    JsonObject b = c.body();
    NewCustomer input =
        new NewCustomer(
            b.getString("name"),
            b.getString("shortName"),
            List.of(),
            b.getString("industry"),
            b.getString("region"),
            b.getString("source"),
            Call.level(b),
            Call.strings(b, "phones"),
            b.getString("address"),
            Call.strings(b, "tags"),
            c.bodyLong("ownerId"));
    return customers.create(c.actor(), input).map(Views::customer);
  }

  private Future<Object> updateCustomer(Call c) {
    JsonObject b = c.body();
    CustomerChanges changes =
        new CustomerChanges(
            b.getString("name"),
            b.getString("shortName"),
            null,
            b.getString("industry"),
            b.getString("region"),
            b.getString("source"),
            Call.level(b),
            b.containsKey("phones") ? Call.strings(b, "phones") : null,
            b.getString("address"),
            b.containsKey("tags") ? Call.strings(b, "tags") : null);
    return customers.update(c.actor(), c.id(), c.bodyInt("version"), changes).map(Views::customer);
  }

  private Future<Object> customerAudit(Call c) {
    // the engine applies the customer's read permission to its history, and the reminders' own
    return history
        .of(c.actor(), c.id())
        .map(l -> new JsonObject().put("items", Views.all(l, Views::historyLine)));
  }
}
