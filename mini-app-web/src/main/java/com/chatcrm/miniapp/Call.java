package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One request of the {@link MiniAppApi}: its parameters, as the OpenAPI contract validated them,
 * read into the types the engine takes, and the acting user, from the session.
 */
final class Call {

  private final RoutingContext ctx;
  private final ValidatedRequest request;

  Call(RoutingContext ctx) {
    this.ctx = ctx;
    this.request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  Actor actor() {
    return actorOf(ctx);
  }

  /** The session's user, acting through the mini-app under the request's id (or a fresh one). */
  static Actor actorOf(RoutingContext ctx) {
    if (ctx.user() == null) {
      throw new IllegalStateException("an authenticated operation ran without a user");
    }
    String requestId = ctx.request().getHeader("x-request-id");
    return Actor.user(
        Sessions.tenantId(ctx.user()),
        Sessions.userId(ctx.user()),
        Source.miniApp(
            requestId == null || requestId.isBlank() || requestId.length() > 100
                ? UUID.randomUUID().toString()
                : requestId));
  }

  /**
   * The engine's rule for stored text, applied to every query parameter and body string: lookups (a
   * search, a login's company) reach PostgreSQL too, which fails on NUL.
   */
  void refuseControlCharacters() {
    request
        .getQuery()
        .forEach((name, p) -> refuseIn(name, p == null || p.isNull() ? null : p.get()));
    RequestParameter b = request.getBody();
    refuseIn(null, b == null || b.isNull() ? null : b.get());
  }

  private static void refuseIn(String field, Object value) {
    if (value instanceof String text) {
      ControlCharacters.refuse(field, text);
    } else if (value instanceof JsonObject o) {
      o.forEach(e -> refuseIn(e.getKey(), e.getValue()));
    } else if (value instanceof JsonArray a) {
      a.forEach(v -> refuseIn(field, v));
    }
  }

  long id() {
    return digits("id", request.getPathParameters().get("id").getString());
  }

  /** Another id of the path, e.g. a receipt's under its contract. */
  long pathId(String name) {
    return digits(name, request.getPathParameters().get(name).getString());
  }

  /**
   * An id of the path or query: the contract lets only decimal digits through; bigint's range is
   * checked here.
   */
  private static long digits(String field, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw InvalidInput.field(field, "应为不超过 19 位的正整数");
    }
  }

  /**
   * A whole number of the body as a long; a fraction (1e3 is 1000.0) or a number beyond long is
   * refused.
   */
  Long bodyLong(String field) {
    Object v = body().getValue(field);
    if (v == null || v instanceof Integer || v instanceof Long) {
      return v == null ? null : ((Number) v).longValue();
    }
    throw InvalidInput.field(field, "应为整数");
  }

  Integer bodyInt(String field) {
    Long v = bodyLong(field);
    if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw InvalidInput.field(field, "应为整数");
    }
    return v == null ? null : v.intValue();
  }

  JsonObject body() {
    RequestParameter body = request.getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }

  String query(String name) {
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isNull() ? null : String.valueOf(p.get());
  }

  Long queryLong(String name) {
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isNull() ? null : digits(name, String.valueOf(p.get()));
  }

  int queryInt(String name, int fallback) {
    RequestParameter p = request.getQuery().get(name);
    return p == null || p.isNull() ? fallback : ((Number) p.get()).intValue();
  }

  /** A customer level of the query, e.g. {@code ?level=A}; null when not given. */
  CustomerLevel queryLevel(String name) {
    String level = query(name);
    return level == null ? null : CustomerLevel.parse(level);
  }

  /** An ISO-8601 instant from the body, e.g. {@code 2026-11-24T10:00:00+08:00}. */
  Instant instant(String field) {
    String text = body().getString(field);
    if (text == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw InvalidInput.field(field, "应为 ISO-8601 时间，例如 2026-11-24T10:00:00+08:00");
    }
  }

  /**
   * A sum of money of the body, read from the JSON number's own digits (never through a double's
   * rounding); null when not given.
   */
  BigDecimal bodyMoney(String field) {
    Object v = body().getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)) {
      throw InvalidInput.field(field, "应为数字");
    }
    return new BigDecimal(n.toString());
  }

  /** A calendar day of the body ({@code 2026-12-31}); null when absent or null. */
  LocalDate bodyDay(String field) {
    String text = body().getString(field);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw InvalidInput.field(field, "应为日期，例如 2026-12-31");
    }
  }

  /** The body's {@code level}, null when not given. */
  static CustomerLevel level(JsonObject b) {
    return b.getString("level") == null ? null : CustomerLevel.parse(b.getString("level"));
  }

  /** A list of strings of the body; an absent list is empty. */
  static List<String> strings(JsonObject b, String key) {
    JsonArray a = b.getJsonArray(key);
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
