package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.followup.FollowUp;
import com.chatcrm.engine.followup.FollowUpRange;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 跟进记录: the follow-ups that happened between two days (inclusive, in the tenant's zone; 本月 when
 * none are given) on the customers the user sees, or on one of them; {@code scope=mine} only those
 * the user wrote.
 */
final class FollowUpSheet implements ExportSheet {

  private final FollowUpRange followUps;
  private final CustomerService customers;

  FollowUpSheet(FollowUpRange followUps, CustomerService customers) {
    this.followUps = followUps;
    this.customers = customers;
  }

  @Override
  public ExportKind kind() {
    return ExportKind.FOLLOW_UPS;
  }

  @Override
  public ExportFilter filter(Map<String, String> given, LocalDate today) {
    return ExportFilter.builder()
        .range(given, today)
        .put("customer", ExportFilter.id(given, "customer"))
        .put("scope", ExportFilter.oneOf(given, "scope", "team", "mine", "team"))
        .build();
  }

  /** The filter of 导出本月跟进记录 and its like: {@code mine}, only those the user wrote. */
  static ExportFilter between(LocalDate from, LocalDate to, boolean mine) {
    return ExportFilter.builder()
        .put("from", from)
        .put("to", to)
        .put("scope", mine ? "mine" : "team")
        .build();
  }

  @Override
  public Future<Long> check(Actor actor, ExportFilter filter) {
    String customer = filter.get("customer");
    // one the user may not see answers 404, as its page would
    return customer == null
        ? Future.succeededFuture()
        : customers.get(actor, Long.parseLong(customer)).map(c -> null);
  }

  @Override
  public ExportWorkbook.Rows rows(Actor actor, ExportFilter filter, ZoneId zone) {
    String customer = filter.get("customer");
    Long customerId = customer == null ? null : Long.parseLong(customer);
    FollowUpRange.Range range =
        new FollowUpRange.Range(
            filter.day("from").atStartOfDay(zone).toInstant(),
            filter.day("to").plusDays(1).atStartOfDay(zone).toInstant(),
            customerId,
            "mine".equals(filter.get("scope")));
    return after ->
        followUps
            .page(actor, range, (FollowUpRange.Cursor) after, FollowUpRange.MAX_PAGE)
            .map(
                page -> {
                  List<Object[]> rows = new ArrayList<>();
                  for (FollowUp f : page.items()) {
                    rows.add(
                        new Object[] {
                          ExportCells.time(f.happenedAt(), zone),
                          f.customerName(),
                          f.method().label(),
                          f.content(),
                          f.authorName(),
                          f.nextStep(),
                          ExportCells.time(f.nextFollowUpAt(), zone)
                        });
                  }
                  return new ExportWorkbook.Page(rows, page.next());
                });
  }
}
