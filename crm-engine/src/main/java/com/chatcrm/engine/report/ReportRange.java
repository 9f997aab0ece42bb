package com.chatcrm.engine.report;

import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.DateBounds;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The range of days a report page asks for: a first and a last day (both counted) in the tenant's
 * time zone, as a {@link PipelinePeriod}. Refusals name the field and a stable {@code reason}
 * ({@code date_format}, {@code date_out_of_range}, {@code from_after_to}, {@code range_too_long}).
 */
public final class ReportRange {

  /** The longest range a report counts: a year, leap day included. */
  public static final int MAX_DAYS = 366;

  private ReportRange() {}

  /** The days {@code from} to {@code to}, both as {@code yyyy-MM-dd}. */
  public static PipelinePeriod parse(String from, String to) {
    if (from == null || to == null) {
      String missing = from == null ? "from" : "to";
      throw refusal(missing, "missing_date", "请同时给出开始日期和结束日期");
    }
    return of(day("from", from), day("to", to));
  }

  /** The days {@code first} to {@code last}, both counted. */
  public static PipelinePeriod of(LocalDate first, LocalDate last) {
    refuseOutOfRange("from", first);
    refuseOutOfRange("to", last);
    if (first.isAfter(last)) {
      throw refusal("to", "from_after_to", "结束日期不能早于开始日期");
    }
    if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
      throw refusal("to", "range_too_long", "统计区间最长 " + MAX_DAYS + " 天，请缩短区间");
    }
    return new PipelinePeriod(first, last.plusDays(1));
  }

  private static LocalDate day(String field, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw refusal(field, "date_format", "日期格式应为 yyyy-MM-dd，例如 2026-11-30");
    }
  }

  private static void refuseOutOfRange(String field, LocalDate day) {
    try {
      DateBounds.refuse(field, day);
    } catch (InvalidInput e) {
      throw new InvalidInput(
          e.getMessage(), new JsonObject().put("field", field).put("reason", "date_out_of_range"));
    }
  }

  private static InvalidInput refusal(String field, String reason, String message) {
    return new InvalidInput(
        field + ": " + message, new JsonObject().put("field", field).put("reason", reason));
  }
}
