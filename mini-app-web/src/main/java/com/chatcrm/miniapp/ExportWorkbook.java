package com.chatcrm.miniapp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes one export as .xlsx into a temporary file: its rows are read a page at a time and appended
 * on a worker thread, and fastexcel streams each flushed page to the file, so neither the list nor
 * the workbook is ever whole in memory. An export without rows holds its headers and one row saying
 * 无数据, so an empty file reads as empty, not as broken.
 */
final class ExportWorkbook {

  /** What the sheet says when nothing matched. */
  static final String NO_DATA = "无数据";

  /** A written workbook: where it is and how many rows of data it holds. */
  record Written(Path file, int rows) {}

  /**
   * One page of rows, each its cells (text, numbers, null for empty), and where the next page
   * begins (null: this was the last).
   */
  record Page(List<Object[]> rows, Object next) {}

  /** The rows of an export: the page after {@code after} (null: the first). */
  @FunctionalInterface
  interface Rows {
    Future<Page> page(Object after);
  }

  private final Vertx vertx;

  ExportWorkbook(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Written> write(String sheetName, List<String> columns, Rows rows) {
    return vertx
        .executeBlocking(() -> Sheet.open(sheetName, columns), true)
        .compose(
            sheet -> {
              Promise<Integer> appended = Promise.promise();
              next(rows, null, sheet, appended);
              return appended
                  .future()
                  .compose(n -> vertx.executeBlocking(() -> sheet.finish(n), true))
                  .onFailure(e -> vertx.executeBlocking(sheet::discard, true));
            });
  }

  /**
   * Reads and appends the page after {@code after}, then the next, until the last completes {@code
   * appended}. A loop of callbacks, not a chain of composed futures: each composition would keep
   * its page reachable until the last one completed, and so every row of the export in memory.
   */
  private void next(Rows rows, Object after, Sheet sheet, Promise<Integer> appended) {
    rows.page(after)
        .compose(
            page -> {
              List<Object[]> cells = page.rows();
              Object following = page.next();
              return vertx
                  .executeBlocking(() -> sheet.append(cells), true)
                  .map(n -> following == null ? new Step(n, null) : new Step(n, following));
            })
        .onSuccess(
            step -> {
              if (step.next() == null) {
                appended.complete(step.rows());
              } else {
                next(rows, step.next(), sheet, appended);
              }
            })
        .onFailure(appended::fail);
  }

  /** How many rows are written so far, and where the next page begins (null: none). */
  private record Step(int rows, Object next) {}

  /** The open workbook; used from one worker at a time (ordered blocking calls). */
  private static final class Sheet {
    private final Path file;
    private final OutputStream out;
    private final Workbook workbook;
    private final Worksheet ws;
    private int row;

    private Sheet(Path file, OutputStream out, String name, List<String> columns) {
      this.file = file;
      this.out = out;
      this.workbook = new Workbook(out, "Chat CRM", "1.0");
      this.ws = workbook.newWorksheet(name);
      for (int c = 0; c < columns.size(); c++) {
        ws.value(0, c, columns.get(c));
        ws.style(0, c).bold().set();
      }
      ws.freezePane(0, 1);
      this.row = 1;
    }

    static Sheet open(String name, List<String> columns) throws IOException {
      Path file = Files.createTempFile("chat-crm-export-", ".xlsx");
      return new Sheet(file, Files.newOutputStream(file), name, columns);
    }

    int append(List<Object[]> page) throws IOException {
      for (Object[] cells : page) {
        for (int col = 0; col < cells.length; col++) {
          Object v = cells[col];
          if (v instanceof Number n) {
            ws.value(row, col, n);
          } else if (v != null && !v.toString().isEmpty()) {
            // inline: a shared string would be kept in memory until the workbook is finished, and
            // at a million customers that table was the whole workbook's text (a 2 GB heap, a
            // minute to write it out at the end)
            ws.inlineString(row, col, v.toString());
          }
        }
        row++;
      }
      ws.flush();
      return row - 1;
    }

    Written finish(int rows) throws IOException {
      if (rows == 0) {
        ws.value(1, 0, NO_DATA);
      }
      workbook.finish();
      out.close();
      return new Written(file, rows);
    }

    Void discard() {
      try {
        out.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    }
  }
}
