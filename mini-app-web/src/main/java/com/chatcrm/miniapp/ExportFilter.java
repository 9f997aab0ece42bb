package com.chatcrm.miniapp;

import com.chatcrm.engine.error.InvalidInput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An export's filter as its link carries it: names and values in a fixed order, so that the query
 * string made from it is the one the signature covers.
 */
record ExportFilter(Map<String, String> values) {

  /** An export covers at most this many days: a year, with a leap day. */
  static final int MAX_DAYS = 366;

  ExportFilter {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  String get(String name) {
    return values.get(name);
  }

  /** The query string: {@code name=value&…}, values URL-encoded. */
  String query() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** A builder keeping the order the values are put in; null values are left out. */
  static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    Builder put(String name, Object value) {
      if (value != null) {
        values.put(name, value.toString());
      }
      return this;
    }

    /**
     * {@code from} and {@code to} (inclusive days, yyyy-MM-dd) as given, else the month of {@code
     * today} (本月); refused when reversed or longer than {@link #MAX_DAYS}.
     */
    Builder range(Map<String, String> given, LocalDate today) {
      LocalDate from = day(given, "from");
      LocalDate to = day(given, "to");
      if (from == null) {
        from = to == null ? today.withDayOfMonth(1) : to.withDayOfMonth(1);
      }
      if (to == null) {
        to = from.withDayOfMonth(from.lengthOfMonth());
      }
      if (to.isBefore(from)) {
        throw InvalidInput.field("to", "结束日期不能早于开始日期");
      }
      if (from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
        throw InvalidInput.field("to", "一次最多导出 " + MAX_DAYS + " 天");
      }
      return put("from", from).put("to", to);
    }

    ExportFilter build() {
      return new ExportFilter(values);
    }
  }

  static Builder builder() {
    return new Builder();
  }

  /** An id of the given ones, or null; refused when not one. */
  static Long id(Map<String, String> given, String name) {
    String v = given.get(name);
    if (v == null) {
      return null;
    }
    Long id = SignedLink.id(v);
    if (id == null) {
      throw InvalidInput.field(name, "应为正整数");
    }
    return id;
  }

  /** A day of the given ones (yyyy-MM-dd), or null; refused outside the accepted years. */
  static LocalDate day(Map<String, String> given, String name) {
    String v = given.get(name);
    if (v == null) {
      return null;
    }
    try {
      return com.chatcrm.engine.input.DateBounds.refuse(name, LocalDate.parse(v));
    } catch (DateTimeParseException e) {
      throw InvalidInput.field(name, "应为日期，例如 2026-12-31");
    }
  }

  /** A day of this filter. */
  LocalDate day(String name) {
    return LocalDate.parse(values.get(name));
  }

  /** One of {@code allowed}, or {@code fallback} when not given; refused otherwise. */
  static String oneOf(Map<String, String> given, String name, String fallback, String... allowed) {
    String v = given.get(name);
    if (v == null) {
      return fallback;
    }
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw InvalidInput.field(name, "应为 " + String.join("、", allowed) + " 之一");
  }
}
