package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerList;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.dhatim.fastexcel.Worksheet;

/**
 * The customers a user sees under a filter, written as .xlsx into a temporary file: read a page at
 * a time from the database and appended on a worker thread (fastexcel streams each flushed page to
 * the file), so neither the list nor the workbook is ever whole in memory.
 */
final class CustomerWorkbook {

  static final List<String> COLUMNS =
      List.of("客户名称", "简称", "级别", "负责人", "行业", "地区", "来源", "电话", "地址", "标签", "最近跟进", "创建时间");

  private static final int PAGE = CustomerList.MAX_LIMIT;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A written workbook: where it is and how many customers it holds. */
  record Written(Path file, int rows) {}

  private final Vertx vertx;
  private final CustomerList customers;

  CustomerWorkbook(Vertx vertx, CustomerList customers) {
    this.vertx = vertx;
    this.customers = customers;
  }

  Future<Written> write(Actor actor, CustomerFilter filter, ZoneId zone) {
    return vertx
        .executeBlocking(() -> Sheet.open(zone), true)
        .compose(
            sheet ->
                page(actor, filter, null, sheet)
                    .compose(rows -> vertx.executeBlocking(() -> sheet.finish(rows), true))
                    .onFailure(e -> vertx.executeBlocking(sheet::discard, true)));
  }

  private Future<Integer> page(Actor actor, CustomerFilter filter, Long cursor, Sheet sheet) {
    return customers
        .list(actor, filter, cursor, PAGE)
        .compose(
            page ->
                vertx
                    .executeBlocking(() -> sheet.append(page.items()), true)
                    .compose(
                        rows ->
                            page.nextCursor() == null
                                ? Future.succeededFuture(rows)
                                : page(actor, filter, page.nextCursor(), sheet)));
  }

  /** The open workbook; used from one worker at a time (ordered blocking calls). */
  private static final class Sheet {
    private final XlsxFile xlsx;
    private final Worksheet ws;
    private final ZoneId zone;
    private int row = 1;

    private Sheet(XlsxFile xlsx, ZoneId zone) {
      this.xlsx = xlsx;
      this.zone = zone;
      this.ws = xlsx.sheet("客户", COLUMNS);
    }

    static Sheet open(ZoneId zone) throws IOException {
      return new Sheet(XlsxFile.open("chat-crm-customers-"), zone);
    }

    int append(List<Customer> page) throws IOException {
      for (Customer c : page) {
        Object[] cells = {
          c.name(),
          c.shortName(),
          c.level() == null ? null : c.level().label(),
          c.inPool() ? "公海" : c.ownerName(),
          c.industry(),
          c.region(),
          c.source(),
          String.join(", ", c.phones()),
          c.address(),
          String.join(", ", c.tags()),
          time(c.lastFollowUpAt()),
          time(c.createdAt())
        };
        for (int col = 0; col < cells.length; col++) {
          if (cells[col] != null && !cells[col].toString().isEmpty()) {
            ws.value(row, col, cells[col].toString());
          }
        }
        row++;
      }
      ws.flush();
      return row - 1;
    }

    Written finish(int rows) throws IOException {
      return new Written(xlsx.finish(), rows);
    }

    Void discard() {
      return xlsx.discard();
    }

    private String time(OffsetDateTime t) {
      return t == null ? null : TIME.format(t.atZoneSameInstant(zone));
    }
  }
}
