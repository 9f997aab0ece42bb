package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.imports.CustomerImports;
import com.chatcrm.engine.imports.ImportOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The workbooks of 导入客户 and 导入线索: each kind's template to fill in (headers and one example row) and
 * a job's result (every row's line, 客户名称 or 公司名称, 结果 and 原因), the latter written a page at a time
 * into a temporary file on a worker, like {@link ExportWorkbook}.
 */
final class ImportWorkbooks {

  private final Vertx vertx;
  private final CustomerImports imports;
  private final Map<ImportLayout, byte[]> templates = new ConcurrentHashMap<>();

  /** A job's result workbook, and the kind of import it is of. */
  record Result(Path file, ImportLayout layout) {}

  ImportWorkbooks(Vertx vertx, CustomerImports imports) {
    this.vertx = vertx;
    this.imports = imports;
  }

  /** The kind's template, built once on a worker. */
  Future<byte[]> template(ImportLayout layout) {
    byte[] known = templates.get(layout);
    return known != null
        ? Future.succeededFuture(known)
        : vertx.executeBlocking(
            () -> {
              byte[] built = buildTemplate(layout);
              templates.put(layout, built);
              return built;
            },
            false);
  }

  static byte[] buildTemplate(ImportLayout layout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook wb = new Workbook(out, "Chat CRM", "1.0");
    Worksheet ws = wb.newWorksheet(layout.label());
    for (int c = 0; c < layout.template.size(); c++) {
      String header = layout.template.get(c);
      ws.value(0, c, header);
      ws.style(0, c).bold().set();
      ws.width(c, c == 0 || header.equals("地址") || header.equals("来源备注") ? 28 : 14);
      if (!layout.example.get(c).isEmpty()) {
        ws.value(1, c, layout.example.get(c));
      }
    }
    ws.freezePane(0, 1);
    Worksheet notes = wb.newWorksheet("填写说明");
    notes.width(0, 90);
    for (int i = 0; i < layout.notes.size(); i++) {
      notes.value(i, 0, layout.notes.get(i));
    }
    wb.finish();
    return out.toByteArray();
  }

  /** The job's result as .xlsx in a temporary file; the caller deletes it once sent. */
  Future<Result> result(Actor actor, long jobId) {
    return imports
        .get(actor, jobId)
        .compose(
            job -> {
              ImportLayout layout = ImportLayout.of(job.kind());
              return vertx
                  .executeBlocking(() -> Sheet.open(layout), true)
                  .compose(
                      sheet ->
                          page(actor, jobId, 0, sheet)
                              .compose(v -> vertx.executeBlocking(sheet::finish, true))
                              .onFailure(e -> vertx.executeBlocking(sheet::discard, true)))
                  .map(file -> new Result(file, layout));
            });
  }

  private Future<Void> page(Actor actor, long jobId, int after, Sheet sheet) {
    return imports
        .rows(actor, jobId, false, after, CustomerImports.MAX_PAGE)
        .compose(
            rows ->
                rows.isEmpty()
                    ? Future.succeededFuture()
                    : vertx
                        .executeBlocking(() -> sheet.append(rows), true)
                        .compose(
                            v -> page(actor, jobId, rows.get(rows.size() - 1).rowNo(), sheet)));
  }

  /** The open result workbook; used from one worker at a time (ordered blocking calls). */
  private static final class Sheet {
    private final XlsxFile xlsx;
    private final Worksheet ws;
    private int row = 1;

    private Sheet(XlsxFile xlsx, ImportLayout layout) {
      this.xlsx = xlsx;
      this.ws = xlsx.sheet("导入结果", List.of("行号", layout.required, "结果", "原因"));
      ws.width(1, 30);
      ws.width(3, 50);
    }

    static Sheet open(ImportLayout layout) throws IOException {
      return new Sheet(XlsxFile.open("chat-crm-import-"), layout);
    }

    Void append(List<ImportOutcome> rows) throws IOException {
      for (ImportOutcome o : rows) {
        ws.value(row, 0, o.rowNo());
        if (o.name() != null) {
          ws.value(row, 1, o.name());
        }
        ws.value(row, 2, o.label());
        if (o.reason() != null) {
          ws.value(row, 3, o.reason());
        }
        row++;
      }
      ws.flush();
      return null;
    }

    Path finish() throws IOException {
      return xlsx.finish();
    }

    Void discard() {
      return xlsx.discard();
    }
  }
}
