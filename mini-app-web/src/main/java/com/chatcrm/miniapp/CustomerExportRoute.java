package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves {@code GET /exports/{tenantId}/{userId}/customers.xlsx?scope=…&exp=&sig=}: the customers
 * that user sees under the filter, as .xlsx, exactly as the mini-app would list them. The link is
 * the credential (signed by {@link CustomerExportLinks}): refused with 403 once tampered with or
 * expired, 400 when malformed. Every download is in the audit log with its row count.
 */
public final class CustomerExportRoute {

  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final Engine engine;
  private final CustomerWorkbook workbook;
  private final ChartSignature signature;
  private final Clock clock;

  public CustomerExportRoute(Vertx vertx, Engine engine, MiniAppConfig config) {
    this.engine = engine;
    this.workbook = new CustomerWorkbook(vertx, engine.customerList());
    this.signature = CustomerExportLinks.signature(config);
    this.clock = engine.clock();
  }

  public void mount(Router root) {
    root.get(CustomerExportLinks.PREFIX + ":tenantId/:userId/customers.xlsx")
        .handler(this::serve)
        .failureHandler(ApiErrors::handle);
  }

  private void serve(RoutingContext ctx) {
    CustomerFilter filter;
    try {
      filter = filter(ctx);
    } catch (InvalidInput e) {
      filter = null;
    }
    LinkQuery link = LinkQuery.of(ctx);
    if (filter == null || link == null || !LinkQuery.ids(ctx, "tenantId", "userId")) {
      ApiErrors.write(ctx, 400, "invalid_input", "导出链接不完整或格式不对");
      return;
    }
    long tenantId = Long.parseLong(ctx.pathParam("tenantId"));
    long userId = Long.parseLong(ctx.pathParam("userId"));
    long exp = link.exp();
    String path = CustomerExportLinks.path(tenantId, userId);
    String signed = CustomerExportLinks.signed(path, CustomerExportLinks.query(filter));
    if (!signature.verify(signed, exp, link.sig())) {
      ApiErrors.write(ctx, 403, "export_link_invalid", "导出链接无效，请在聊天或小程序里重新导出");
      return;
    }
    if (exp < clock.instant().getEpochSecond()) {
      ApiErrors.write(ctx, 403, "export_link_expired", "导出链接已过期，请重新导出");
      return;
    }
    Actor actor = Actor.user(tenantId, userId, Source.miniApp("export"));
    CustomerFilter used = filter;
    engine
        .tenants()
        .get(tenantId)
        .compose(t -> workbook.write(actor, used, t.timeZone()))
        .compose(
            written ->
                AuditLog.record(
                        engine.pool(),
                        actor,
                        "export",
                        "customer_list",
                        userId,
                        new JsonObject()
                            .put("rows", written.rows())
                            .put("filter", CustomerExportLinks.query(used)))
                    .map(written))
        .onSuccess(written -> send(ctx, written.file(), tenantId))
        .onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, Path file, long tenantId) {
    String name = "客户列表-" + LocalDate.now(clock) + ".xlsx";
    ctx.response()
        .putHeader("content-type", XLSX)
        .putHeader(
            "content-disposition",
            "attachment; filename=\"customers.xlsx\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"))
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

  private static CustomerFilter filter(RoutingContext ctx) {
    String scope = one(ctx, "scope");
    CustomerFilter.Scope s = CustomerFilter.Scope.ofList(scope == null ? "" : scope, null);
    if (s == null) {
      throw InvalidInput.field("scope", "unknown");
    }
    String level = one(ctx, "level");
    String owner = one(ctx, "owner");
    if (owner != null && !ID.matcher(owner).matches()) {
      throw InvalidInput.field("owner", "not an id");
    }
    return new CustomerFilter(
        s,
        level == null ? null : CustomerLevel.parse(level),
        owner == null ? null : Long.parseLong(owner),
        one(ctx, "tag"));
  }

  private static String one(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw InvalidInput.field(name, "given twice");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
