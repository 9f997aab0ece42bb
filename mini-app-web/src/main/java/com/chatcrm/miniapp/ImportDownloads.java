package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The files of 导入客户 and 导入线索 that a phone's browser downloads without a session: the templates
 * ({@code GET /imports/customer-template.xlsx}, {@code /imports/lead-template.xlsx}, the same for
 * everyone) and a job's result ({@code GET
 * /imports/{tenantId}/{userId}/{jobId}/result.xlsx?exp=&sig=}), whose signed link is the
 * credential, like the export's: tampered with or expired it is refused with 403.
 */
final class ImportDownloads {

  static final Duration VALID_FOR = Duration.ofDays(1);
  static final String PREFIX = "/imports/";

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final ImportWorkbooks workbooks;
  private final ChartSignature signature;
  private final Clock clock;

  ImportDownloads(Vertx vertx, Engine engine, MiniAppConfig config) {
    this.workbooks = new ImportWorkbooks(vertx, engine.imports());
    this.signature = Links.signature(config);
    this.clock = engine.clock();
  }

  void mount(Router root) {
    for (ImportLayout layout : ImportLayout.values()) {
      root.get(layout.templatePath())
          .handler(ctx -> template(ctx, layout))
          .failureHandler(ApiErrors::handle);
    }
    root.get(PREFIX + ":tenantId/:userId/:jobId/result.xlsx")
        .handler(this::result)
        .failureHandler(ApiErrors::handle);
  }

  private void template(RoutingContext ctx, ImportLayout layout) {
    workbooks
        .template(layout)
        .onSuccess(
            bytes ->
                headers(ctx, layout.kind.code() + "-template.xlsx", layout.label() + "导入模板.xlsx")
                    .putHeader("cache-control", "public, max-age=3600")
                    .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
        .onFailure(ctx::fail);
  }

  private void result(RoutingContext ctx) {
    LinkQuery link = LinkQuery.of(ctx);
    if (link == null || !LinkQuery.ids(ctx, "tenantId", "userId", "jobId")) {
      LinkRefusals.write(ctx, 400, "invalid_input", "下载链接不完整或格式不对，请在导入页面重新下载");
      return;
    }
    long tenantId = Long.parseLong(ctx.pathParam("tenantId"));
    long userId = Long.parseLong(ctx.pathParam("userId"));
    long jobId = Long.parseLong(ctx.pathParam("jobId"));
    long exp = link.exp();
    if (!signature.verify(Links.path(tenantId, userId, jobId), exp, link.sig())) {
      LinkRefusals.write(ctx, 403, "download_link_invalid", "下载链接无效，请在导入页面重新下载");
      return;
    }
    if (exp < clock.instant().getEpochSecond()) {
      LinkRefusals.write(ctx, 403, "download_link_expired", "下载链接已过期，请在导入页面重新下载");
      return;
    }
    Actor actor = Actor.user(tenantId, userId, Source.miniApp("import-result"));
    workbooks
        .result(actor, jobId)
        .onSuccess(
            result ->
                headers(
                        ctx,
                        "import-result.xlsx",
                        result.layout().label() + "导入结果-" + jobId + ".xlsx")
                    .putHeader("cache-control", "private, no-store")
                    .sendFile(result.file().toString())
                    .onComplete(done -> delete(result.file())))
        .onFailure(ctx::fail);
  }

  private static io.vertx.core.http.HttpServerResponse headers(
      RoutingContext ctx, String ascii, String name) {
    return ctx.response()
        .putHeader("content-type", XLSX)
        .putHeader(
            "content-disposition",
            "attachment; filename=\""
                + ascii
                + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
        .putHeader("x-content-type-options", "nosniff");
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file: the OS cleans its temp directory
    }
  }

  /** Signed links to a job's result: they name the user who downloads and the job. */
  static final class Links {
    private final String publicUrl;
    private final ChartSignature signature;
    private final Clock clock;

    Links(String publicUrl, MiniAppConfig config, Clock clock) {
      this.publicUrl =
          publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
      this.signature = signature(config);
      this.clock = clock;
    }

    static ChartSignature signature(MiniAppConfig config) {
      return new ChartSignature(config, "chat-crm/import-results/v1");
    }

    static String path(long tenantId, long userId, long jobId) {
      return PREFIX + tenantId + "/" + userId + "/" + jobId + "/result.xlsx";
    }

    String result(Actor actor, long jobId) {
      String path = path(actor.tenantId(), actor.userId(), jobId);
      long exp = clock.instant().plus(VALID_FOR).getEpochSecond();
      return publicUrl + path + "?exp=" + exp + "&sig=" + signature.sign(path, exp);
    }
  }
}
