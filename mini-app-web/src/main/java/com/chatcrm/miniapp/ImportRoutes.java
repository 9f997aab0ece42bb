package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.imports.CustomerImports;
import com.chatcrm.engine.imports.ImportJob;
import com.chatcrm.engine.imports.ImportOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * 导入客户 and 导入线索 after the upload ({@link ImportUpload}): the job and its preview, its rows with
 * problems a page at a time, 开始导入, and a signed link to the result workbook ({@link
 * ImportDownloads}).
 */
final class ImportRoutes {

  private final CustomerImports imports;
  private final ImportDownloads.Links links;

  ImportRoutes(Engine engine, MiniAppConfig config) {
    this.imports = engine.imports();
    // relative: the page that asks is on our origin
    this.links = new ImportDownloads.Links("", config, engine.clock());
  }

  void addTo(Operations operations) {
    // answered by ImportUpload, mounted ahead of this router (a file is no JSON body); bound so the
    // contract's route exists, never reached
    operations.on(
        "uploadCustomerImport",
        201,
        c -> Future.failedFuture(new IllegalStateException("uploads are served by ImportUpload")));
    operations.on(
        "getCustomerImport", 200, c -> imports.get(c.actor(), c.id()).map(ImportRoutes::job));
    operations.on("customerImportRows", 200, this::rows);
    operations.on(
        "startCustomerImport", 200, c -> imports.start(c.actor(), c.id()).map(ImportRoutes::job));
    operations.on(
        "customerImportResultLink",
        200,
        c ->
            imports
                .get(c.actor(), c.id())
                .map(
                    job ->
                        new JsonObject()
                            .put("url", links.result(c.actor(), job.id()))
                            .put("expiresInSeconds", ImportDownloads.VALID_FOR.toSeconds())));
  }

  private Future<Object> rows(Call c) {
    int limit = c.queryInt("limit", 50);
    Long after = c.queryLong("after");
    return imports
        .rows(
            c.actor(),
            c.id(),
            !"false".equals(c.query("problems")),
            after == null ? 0 : after.intValue(),
            limit)
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(row(r)));
              return Views.page(
                  items, rows.size() < limit ? null : rows.get(rows.size() - 1).rowNo());
            });
  }

  static JsonObject job(ImportJob j) {
    return new JsonObject()
        .put("id", j.id())
        .put("kind", j.kind().code())
        .put("fileName", j.fileName())
        .put("status", j.status())
        .put("total", j.total())
        .put(
            "preview",
            new JsonObject()
                .put("new", j.willCreate())
                .put("duplicate", j.duplicates())
                .put("inFile", j.duplicatesInFile())
                .put("error", j.errors()))
        .put("unknownColumns", new JsonArray(List.copyOf(j.unknownColumns())))
        .put("processed", j.processed())
        .put("created", j.created())
        .put("skipped", j.skipped())
        .put("failed", j.failed())
        .put("createdAt", Views.time(j.createdAt()))
        .put("finishedAt", j.finishedAt() == null ? null : Views.time(j.finishedAt()));
  }

  private static JsonObject row(ImportOutcome r) {
    return new JsonObject()
        .put("rowNo", r.rowNo())
        .put("name", r.name())
        .put("verdict", r.verdict())
        .put("outcome", r.outcome())
        .put("result", r.label())
        .put("reason", r.reason())
        .put("customerId", r.customerId())
        .put("leadId", r.leadId());
  }
}
