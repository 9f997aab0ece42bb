package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityList;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 商机: every opportunity the user may see (进行中, 赢单, 输单), or only their own ({@code scope=mine}),
 * newest first.
 */
final class OpportunitySheet implements ExportSheet {

  private final OpportunityList opportunities;

  OpportunitySheet(OpportunityList opportunities) {
    this.opportunities = opportunities;
  }

  @Override
  public ExportKind kind() {
    return ExportKind.OPPORTUNITIES;
  }

  @Override
  public ExportFilter filter(Map<String, String> given, LocalDate today) {
    return of("mine".equals(ExportFilter.oneOf(given, "scope", "team", "mine", "team")));
  }

  static ExportFilter of(boolean mine) {
    return ExportFilter.builder().put("scope", mine ? "mine" : "team").build();
  }

  @Override
  public Future<Long> check(Actor actor, ExportFilter filter) {
    return Future.succeededFuture();
  }

  @Override
  public ExportWorkbook.Rows rows(Actor actor, ExportFilter filter, ZoneId zone) {
    boolean mine = "mine".equals(filter.get("scope"));
    return after ->
        opportunities
            .page(actor, mine, (Long) after, OpportunityList.MAX_PAGE)
            .map(
                page -> {
                  List<Object[]> rows = new ArrayList<>();
                  for (Opportunity o : page.items()) {
                    rows.add(
                        new Object[] {
                          o.name(),
                          o.customerName(),
                          o.stageName(),
                          o.amount(),
                          ExportCells.percent(o.probability()),
                          o.expectedClose() == null ? null : o.expectedClose().toString(),
                          o.ownerName(),
                          o.status().label(),
                          o.lostReason(),
                          ExportCells.time(o.createdAt(), zone),
                          ExportCells.time(o.updatedAt(), zone)
                        });
                  }
                  return new ExportWorkbook.Page(rows, page.nextCursor());
                });
  }
}
