package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * 导出 Excel: the mini-app asks for a signed link to what its page shows (客户列表, 跟进记录, 商机, 销售漏斗, 日报数据)
 * and opens it; the download itself ({@link ExportRoute}) needs no session, so a phone's browser or
 * the chat client's file viewer can fetch it.
 */
final class ExportRoutes {

  /** The body's names for what a link calls otherwise. */
  private static final Map<String, String> LINK_NAMES =
      Map.of("ownerId", "owner", "customerId", "customer");

  private final ExportSheets sheets;
  private final SignedExportLinks links;
  private final TenantService tenants;
  private final Clock clock;

  ExportRoutes(Engine engine, MiniAppConfig config) {
    this.sheets = new ExportSheets(engine);
    // relative: the page that asks is on our origin
    this.links = new SignedExportLinks("", config, engine.clock());
    this.tenants = engine.tenants();
    this.clock = engine.clock();
  }

  void addTo(Operations operations) {
    operations.on("exportCustomers", 200, c -> export(c, "customers"));
    operations.on("exportFollowUps", 200, c -> export(c, "follow-ups"));
    operations.on("exportOpportunities", 200, c -> export(c, "opportunities"));
    operations.on("exportFunnel", 200, c -> export(c, "funnel"));
    operations.on("exportDailyFigures", 200, c -> export(c, "daily-figures"));
  }

  private Future<Object> export(Call c, String code) {
    ExportSheet sheet = sheets.get(code);
    Map<String, String> given = new HashMap<>();
    c.body().forEach(e -> given.put(LINK_NAMES.getOrDefault(e.getKey(), e.getKey()), text(e)));
    if ("customers".equals(code)) {
      given.putIfAbsent("scope", "team");
    }
    var actor = c.actor();
    return tenants
        .get(actor.tenantId())
        .compose(
            t -> {
              // 本月 and the like are the tenant's, not the server's
              ExportFilter filter =
                  sheet.filter(given, LocalDate.now(clock.withZone(t.timeZone())));
              return sheet
                  .check(actor, filter)
                  .map(
                      count -> {
                        JsonObject answer =
                            new JsonObject()
                                .put("url", links.link(actor, code, filter))
                                .put("expiresInSeconds", SignedExportLinks.VALID_FOR.toSeconds());
                        if (count != null) {
                          answer.put("count", count);
                        }
                        if (filter.get("from") != null) {
                          answer.put("from", filter.get("from")).put("to", filter.get("to"));
                        }
                        return answer;
                      });
            });
  }

  private static String text(Map.Entry<String, Object> e) {
    return e.getValue() == null ? null : e.getValue().toString();
  }
}
