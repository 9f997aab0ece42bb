package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerList;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * 导出 Excel: the mini-app asks for a signed link to its current list and opens it; the download
 * itself ({@link CustomerExportRoute}) needs no session, so a phone's browser or the chat client's
 * file viewer can fetch it.
 */
final class ExportRoutes {

  private final CustomerList customers;
  private final CustomerExportLinks links;

  ExportRoutes(Engine engine, MiniAppConfig config) {
    this.customers = engine.customerList();
    // relative: the page that asks is on our origin
    this.links = new CustomerExportLinks("", config, engine.clock());
  }

  void addTo(Operations operations) {
    operations.on("exportCustomers", 200, this::exportCustomers);
  }

  private Future<Object> exportCustomers(Call c) {
    JsonObject body = c.body();
    // the contract allows only the list scopes
    CustomerFilter.Scope scope =
        CustomerFilter.Scope.ofList(body.getString("scope"), CustomerFilter.Scope.TEAM);
    String level = body.getString("level");
    CustomerFilter filter =
        new CustomerFilter(
            scope,
            level == null ? null : CustomerLevel.parse(level),
            c.bodyLong("ownerId"),
            body.getString("tag"));
    // counted first: a filter the user may not use (another team's owner) is refused here
    return customers
        .count(c.actor(), filter)
        .map(
            count ->
                new JsonObject()
                    .put("url", links.customers(c.actor(), filter))
                    .put("count", count)
                    .put("expiresInSeconds", CustomerExportLinks.VALID_FOR.toSeconds()));
  }
}
