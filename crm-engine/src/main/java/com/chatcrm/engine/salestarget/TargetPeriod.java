package com.chatcrm.engine.salestarget;

import com.chatcrm.engine.error.InvalidInput;
import java.time.LocalDate;

/** A month or a quarter of the tenant's calendar, from its first day. */
public record TargetPeriod(Kind kind, LocalDate start) {

  public enum Kind {
    MONTH("month"),
    QUARTER("quarter");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Kind of(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return k;
        }
      }
      throw InvalidInput.field("period", "周期只能是 month（月）或 quarter（季度）");
    }
  }

  /** The month or quarter holding {@code day}. */
  public static TargetPeriod of(Kind kind, LocalDate day) {
    return kind == Kind.MONTH
        ? new TargetPeriod(kind, day.withDayOfMonth(1))
        : new TargetPeriod(
            kind, LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1));
  }

  /** The first day after the period. */
  public LocalDate end() {
    return kind == Kind.MONTH ? start.plusMonths(1) : start.plusMonths(3);
  }

  /** 2026年12月 / 2026年第4季度. */
  public String label() {
    return kind == Kind.MONTH
        ? start.getYear() + "年" + start.getMonthValue() + "月"
        : start.getYear() + "年第" + ((start.getMonthValue() - 1) / 3 + 1) + "季度";
  }
}
