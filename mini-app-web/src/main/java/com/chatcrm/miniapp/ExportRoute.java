package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code GET /exports/{tenantId}/{userId}/{kind}.xlsx?{filter}&exp=&sig=}: what that user
 * sees of the kind ({@link ExportSheets}) under the filter, as .xlsx. The link is the credential
 * (made by {@link SignedExportLinks}, checked by {@link SignedLink}). Every download is in the
 * audit log with its kind, row count and filter.
 */
public final class ExportRoute {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final Engine engine;
  private final ExportSheets sheets;
  private final ExportWorkbook workbook;
  private final SignedLink link;
  private final Clock clock;

  public ExportRoute(Vertx vertx, Engine engine, MiniAppConfig config) {
    this.engine = engine;
    this.sheets = new ExportSheets(engine);
    this.workbook = new ExportWorkbook(vertx);
    this.clock = engine.clock();
    this.link = SignedExportLinks.signedLink(config, clock);
  }

  public void mount(Router root) {
    root.get(SignedExportLinks.PREFIX + ":tenantId/:userId/:file")
        .handler(this::serve)
        .failureHandler(ApiErrors::handle);
  }

  private void serve(RoutingContext ctx) {
    Long tenantId = SignedLink.id(ctx.pathParam("tenantId"));
    Long userId = SignedLink.id(ctx.pathParam("userId"));
    String file = ctx.pathParam("file");
    ExportSheet sheet =
        file.endsWith(".xlsx") ? sheets.get(file.substring(0, file.length() - 5)) : null;
    ExportFilter filter = null;
    if (tenantId != null && userId != null && sheet != null) {
      filter = filter(ctx, sheet);
    }
    if (filter == null) {
      link.malformed(ctx);
      return;
    }
    if (!link.verify(
        ctx, SignedExportLinks.path(tenantId, userId, sheet.kind().code()), filter.query())) {
      return;
    }
    Actor actor = Actor.user(tenantId, userId, Source.miniApp("export"));
    ExportFilter used = filter;
    engine
        .tenants()
        .get(tenantId)
        .compose(
            t ->
                workbook.write(
                    sheet.kind().sheet(),
                    sheet.kind().columns(),
                    sheet.rows(actor, used, t.timeZone())))
        .compose(
            written ->
                AuditLog.record(
                        engine.pool(),
                        actor,
                        "export",
                        sheet.kind().auditType(),
                        userId,
                        new JsonObject().put("rows", written.rows()).put("filter", used.query()))
                    .map(written))
        .onSuccess(written -> send(ctx, written.file(), sheet))
        .onFailure(ctx::fail);
  }

  /** The link's filter, or null when it is not one this service makes. */
  private ExportFilter filter(RoutingContext ctx, ExportSheet sheet) {
    Map<String, String> given = new HashMap<>();
    for (String name : ctx.queryParams().names()) {
      List<String> values = ctx.queryParam(name);
      if (values.size() != 1) {
        return null;
      }
      given.put(name, values.get(0));
    }
    try {
      return sheet.filter(given, LocalDate.now(clock));
    } catch (InvalidInput | IllegalArgumentException e) {
      return null;
    }
  }

  private void send(RoutingContext ctx, Path file, ExportSheet sheet) {
    String name = sheet.kind().title() + "-" + LocalDate.now(clock) + ".xlsx";
    ctx.response()
        .putHeader("content-type", XLSX)
        .putHeader(
            "content-disposition",
            "attachment; filename=\""
                + sheet.kind().code()
                + ".xlsx\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
        .putHeader("cache-control", "private, no-store")
        .putHeader("x-content-type-options", "nosniff")
        .sendFile(file.toString())
        .onComplete(
            done -> {
              try {
                Files.deleteIfExists(file);
              } catch (java.io.IOException e) {
                // a temporary file: the OS cleans its temp directory
              }
            });
  }
}
