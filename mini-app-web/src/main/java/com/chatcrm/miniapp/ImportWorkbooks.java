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
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The two workbooks of 导入客户: the template to fill in (headers and one example row) and a job's
 * result (every row's line, 客户名称, 结果 and 原因), the latter written a page at a time into a temporary
 * file on a worker, like {@link ExportWorkbook}.
 */
final class ImportWorkbooks {

  static final List<String> RESULT_COLUMNS = List.of("行号", "客户名称", "结果", "原因");

  private static final List<String> EXAMPLE =
      List.of(
          "星辰科技有限公司",
          "星辰",
          "意向",
          "软件",
          "上海",
          "展会",
          "021-66668888",
          "上海市浦东新区张江路 88 号",
          "重点，新客户",
          "王伟",
          "13800138000",
          "采购经理",
          "");

  private static final List<String> NOTES =
      List.of(
          "第一行是表头，从第二行起每行一个客户；列的顺序可以调整，不认识的列会被忽略。",
          "客户名称必填；级别填 潜在、意向、成交 或 流失，留空为潜在。",
          "电话、联系人电话可填多个，用逗号或顿号分开；标签同样。",
          "负责人填同事的姓名，留空则为你自己；只能填你自己或你管理的同事（管理员可填任何人）。",
          "与已有客户同名或同电话的行会被标为重复并跳过，导入前可以先预览。",
          "也可以另存为 .csv（UTF-8 或 GBK）上传；一次最多 " + CustomerImports.MAX_ROWS + " 行、20 MB。");

  private final Vertx vertx;
  private final CustomerImports imports;
  private volatile byte[] template;

  ImportWorkbooks(Vertx vertx, CustomerImports imports) {
    this.vertx = vertx;
    this.imports = imports;
  }

  /** The template, built once on a worker. */
  Future<byte[]> template() {
    byte[] known = template;
    return known != null
        ? Future.succeededFuture(known)
        : vertx.executeBlocking(
            () -> {
              byte[] built = buildTemplate();
              template = built;
              return built;
            },
            false);
  }

  static byte[] buildTemplate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook wb = new Workbook(out, "Chat CRM", "1.0");
    Worksheet ws = wb.newWorksheet("客户");
    for (int c = 0; c < ImportColumns.TEMPLATE.size(); c++) {
      ws.value(0, c, ImportColumns.TEMPLATE.get(c));
      ws.style(0, c).bold().set();
      ws.width(c, c == 0 || c == 7 ? 28 : 14);
      if (!EXAMPLE.get(c).isEmpty()) {
        ws.value(1, c, EXAMPLE.get(c));
      }
    }
    ws.freezePane(0, 1);
    Worksheet notes = wb.newWorksheet("填写说明");
    notes.width(0, 90);
    for (int i = 0; i < NOTES.size(); i++) {
      notes.value(i, 0, NOTES.get(i));
    }
    wb.finish();
    return out.toByteArray();
  }

  /** The job's result as .xlsx in a temporary file; the caller deletes it once sent. */
  Future<Path> result(Actor actor, long jobId) {
    return vertx
        .executeBlocking(Sheet::open, true)
        .compose(
            sheet ->
                page(actor, jobId, 0, sheet)
                    .compose(v -> vertx.executeBlocking(sheet::finish, true))
                    .onFailure(e -> vertx.executeBlocking(sheet::discard, true)));
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

    private Sheet(XlsxFile xlsx) {
      this.xlsx = xlsx;
      this.ws = xlsx.sheet("导入结果", RESULT_COLUMNS);
      ws.width(1, 30);
      ws.width(3, 50);
    }

    static Sheet open() throws IOException {
      return new Sheet(XlsxFile.open("chat-crm-import-"));
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
