package com.chatcrm.engine.report;

import com.chatcrm.engine.error.InvalidInput;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/** A range of calendar days {@code [from, to)} in the tenant's time zone. */
public record PipelinePeriod(LocalDate from, LocalDate to) {

  public PipelinePeriod {
    if (from == null || to == null) {
      throw InvalidInput.field("period", "请给出开始和结束日期");
    }
    if (!from.isBefore(to)) {
      throw InvalidInput.field("period", "结束日期必须晚于开始日期");
    }
  }

  public static PipelinePeriod month(YearMonth month) {
    return new PipelinePeriod(month.atDay(1), month.plusMonths(1).atDay(1));
  }

  /** The seven days ending with {@code day}, the 日报's look back. */
  public static PipelinePeriod weekEnding(LocalDate day) {
    return new PipelinePeriod(day.minusDays(6), day.plusDays(1));
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to);
  }

  /**
   * The period of equal length just before this one. Whole calendar months compare with the same
   * number of months before (March with February, as 环比 means to a sales team), anything else with
   * the same number of days.
   */
  public PipelinePeriod previous() {
    if (from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1) {
      long months = ChronoUnit.MONTHS.between(from, to);
      return new PipelinePeriod(from.minusMonths(months), from);
    }
    return new PipelinePeriod(from.minusDays(days()), from);
  }
}
