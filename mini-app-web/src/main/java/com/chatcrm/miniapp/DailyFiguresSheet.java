package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.report.DailyFigures;
import com.chatcrm.engine.report.DailyReport.RepActivity;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 日报数据: the 日报's figures per day and per rep the user may see, over a range of days (本月 when none
 * is given), read a day at a time.
 */
final class DailyFiguresSheet implements ExportSheet {

  private final DailyFigures figures;

  DailyFiguresSheet(DailyFigures figures) {
    this.figures = figures;
  }

  @Override
  public ExportKind kind() {
    return ExportKind.DAILY_FIGURES;
  }

  @Override
  public ExportFilter filter(Map<String, String> given, LocalDate today) {
    return ExportFilter.builder().range(given, today).build();
  }

  @Override
  public Future<Long> check(Actor actor, ExportFilter filter) {
    return Future.succeededFuture();
  }

  @Override
  public ExportWorkbook.Rows rows(Actor actor, ExportFilter filter, ZoneId zone) {
    LocalDate last = filter.day("to");
    return after -> {
      LocalDate day = after == null ? filter.day("from") : (LocalDate) after;
      return figures
          .of(actor, day, zone)
          .map(
              reps -> {
                List<Object[]> rows = new ArrayList<>();
                for (RepActivity a : reps) {
                  rows.add(row(day, a));
                }
                return new ExportWorkbook.Page(rows, day.isBefore(last) ? day.plusDays(1) : null);
              });
    };
  }

  private static Object[] row(LocalDate day, RepActivity a) {
    return new Object[] {
      day.toString(),
      a.name(),
      a.newCustomers(),
      a.followUps().total(),
      a.followUps().call(),
      a.followUps().visit(),
      a.followUps().wechat(),
      a.followUps().email(),
      a.followUps().meeting(),
      a.followUps().other(),
      a.stageMoves(),
      a.wonDeals(),
      a.wonAmount()
    };
  }
}
