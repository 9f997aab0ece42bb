package com.chatcrm.miniapp;

import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.EngineException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the mini-app API: engine refusals, validation failures and HTTP errors
 * become {@code {code, message, details}} with a fitting status and a Chinese message ({@link
 * ErrorMessages}); anything else is a 500 that says nothing about the inside and is logged once.
 */
final class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final Pattern PARAMETER = Pattern.compile("parameter (\\w+)");
  private static final Pattern REQUIRED = Pattern.compile("required property \"?(\\w+)\"?");
  private static final Pattern UNEXPECTED =
      Pattern.compile(
          "property \"?(\\w+)\"? .*(additional|unevaluated)|"
              + "(?:additional|unevaluated) property \"?(\\w+)\"?");

  private ApiErrors() {}

  static void handle(RoutingContext ctx) {
    handle(ctx, null);
  }

  /**
   * @param outage counts and logs a database outage once; null: each is logged as one line
   */
  static void handle(RoutingContext ctx, DatabaseOutage outage) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http && http.getCause() != null) {
      failure = http.getCause() instanceof ValidatorException ? http.getCause() : failure;
    }
    if (failure instanceof EngineException e) {
      ErrorMessages.Answer a = ErrorMessages.of(e, ctx.normalizedPath());
      write(ctx, a.status(), a.code(), a.message(), a.details());
    } else if (failure instanceof ValidatorException e) {
      String field = field(e);
      write(
          ctx,
          400,
          "invalid_input",
          ErrorMessages.invalidRequest(field),
          new JsonObject().put("field", field));
    } else if (failure instanceof DecodeException) {
      write(ctx, 400, "invalid_input", "请求体不是合法的 JSON", new JsonObject());
    } else if (failure instanceof HttpException http) {
      write(
          ctx,
          http.getStatusCode(),
          codeOf(http.getStatusCode()),
          messageOf(http.getStatusCode()),
          new JsonObject());
    } else if (failure == null) {
      int s = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      write(ctx, s, codeOf(s), messageOf(s), new JsonObject());
    } else if (DatabaseOutage.isUnavailable(failure)) {
      if (outage == null || !outage.requestFailed(failure)) {
        log.warn(
            "mini-app request {} {}: database unavailable",
            ctx.request().method(),
            ctx.normalizedPath());
      }
      ctx.response().putHeader("retry-after", DatabaseOutage.RETRY_AFTER_SECONDS);
      write(ctx, 503, DatabaseOutage.ANSWER_CODE, DatabaseOutage.ANSWER_MESSAGE, new JsonObject());
    } else {
      log.error(
          "mini-app request {} {} failed", ctx.request().method(), ctx.normalizedPath(), failure);
      write(ctx, 500, "internal", messageOf(500), new JsonObject());
    }
  }

  static int status(String code) {
    return switch (code) {
      case "invalid_input" -> 400;
      case "unauthorized" -> 401;
      case "forbidden" -> 403;
      case "not_found" -> 404;
      case "stale_version", "duplicate", "duplicate_phone", "conflict" -> 409;
      case "limit_reached" -> 429;
      default -> 422;
    };
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "invalid_input";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  private static String messageOf(int status) {
    return switch (status) {
      case 401 -> "请先登录（会话缺失或已过期）";
      case 403 -> "没有权限";
      case 404 -> "没有这个地址";
      case 413 -> "请求体太大";
      case 415 -> "请以 application/json 发送";
      default -> status >= 500 ? "服务器出错了，请稍后再试" : "请求不合法";
    };
  }

  /** The offending parameter or body property, as far as the validator names it. */
  static String field(ValidatorException e) {
    if (e instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      String f = fieldOf(s.getOutputUnit());
      if (f != null) {
        return f;
      }
    }
    Matcher m = PARAMETER.matcher(String.valueOf(e.getMessage()));
    return m.find() ? m.group(1) : null;
  }

  private static String fieldOf(OutputUnit unit) {
    if (unit.getErrors() != null) {
      for (OutputUnit inner : unit.getErrors()) {
        String f = fieldOf(inner);
        if (f != null) {
          return f;
        }
      }
    }
    String error = unit.getError() == null ? "" : unit.getError();
    Matcher required = REQUIRED.matcher(error);
    if (required.find()) {
      return required.group(1);
    }
    Matcher unexpected = UNEXPECTED.matcher(error);
    if (unexpected.find()) {
      return unexpected.group(1) != null ? unexpected.group(1) : unexpected.group(3);
    }
    String at = unit.getInstanceLocation();
    if (at != null && at.length() > 1) {
      String path = at.startsWith("#") ? at.substring(1) : at;
      String[] parts = path.split("/");
      for (String p : parts) {
        if (!p.isEmpty()) {
          return p;
        }
      }
    }
    return null;
  }

  /** An error answer of the mini-app's shape, for edges that refuse before any engine call. */
  static void write(RoutingContext ctx, int status, String code, String message) {
    write(ctx, status, code, message, new JsonObject());
  }

  private static void write(
      RoutingContext ctx, int status, String code, String message, JsonObject details) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(
            new JsonObject()
                .put("code", code)
                .put("message", message)
                .put("details", details)
                .encode());
  }
}
