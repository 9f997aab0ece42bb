package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerList;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** 客户列表: the customers a user sees under a list's filter, as the mini-app lists them. */
final class CustomerSheet implements ExportSheet {

  private final CustomerList customers;

  CustomerSheet(CustomerList customers) {
    this.customers = customers;
  }

  @Override
  public ExportKind kind() {
    return ExportKind.CUSTOMERS;
  }

  @Override
  public ExportFilter filter(Map<String, String> given, LocalDate today) {
    // the contract allows only the list scopes
    CustomerFilter.Scope scope = CustomerFilter.Scope.ofList(given.get("scope"), null);
    if (scope == null) {
      throw InvalidInput.field("scope", "应为 mine、collaborating、team 之一");
    }
    String level = given.get("level");
    return of(
        new CustomerFilter(
            scope,
            level == null ? null : CustomerLevel.parse(level),
            ExportFilter.id(given, "owner"),
            given.get("tag")));
  }

  /** The filter in the order links carried it before exports had other kinds. */
  static ExportFilter of(CustomerFilter f) {
    return ExportFilter.builder()
        .put("scope", f.scope().code())
        .put("level", f.level() == null ? null : f.level().code())
        .put("owner", f.ownerId())
        .put("tag", f.tag())
        .build();
  }

  @Override
  public Future<Long> check(Actor actor, ExportFilter filter) {
    // counted first: a filter the user may not use (another team's owner) is refused here
    return customers.count(actor, customerFilter(filter));
  }

  @Override
  public ExportWorkbook.Rows rows(Actor actor, ExportFilter filter, ZoneId zone) {
    CustomerFilter f = customerFilter(filter);
    return after ->
        customers
            .exportPage(actor, f, (Long) after)
            .map(
                page -> {
                  List<Object[]> rows = new ArrayList<>();
                  for (Customer c : page.items()) {
                    rows.add(row(c, zone));
                  }
                  return new ExportWorkbook.Page(rows, page.nextCursor());
                });
  }

  private static CustomerFilter customerFilter(ExportFilter filter) {
    String level = filter.get("level");
    String owner = filter.get("owner");
    return new CustomerFilter(
        CustomerFilter.Scope.ofList(filter.get("scope"), CustomerFilter.Scope.TEAM),
        level == null ? null : CustomerLevel.parse(level),
        owner == null ? null : Long.parseLong(owner),
        filter.get("tag"));
  }

  private static Object[] row(Customer c, ZoneId zone) {
    return new Object[] {
      c.name(),
      c.shortName(),
      c.level() == null ? null : c.level().label(),
      c.inPool() ? "公海" : c.ownerName(),
      c.industry(),
      c.region(),
      c.source(),
      String.join(", ", c.phones()),
      c.address(),
      String.join(", ", c.tags()),
      ExportCells.time(c.lastFollowUpAt(), zone),
      ExportCells.time(c.createdAt(), zone)
    };
  }
}
