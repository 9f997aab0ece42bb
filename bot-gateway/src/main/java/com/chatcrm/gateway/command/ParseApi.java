package com.chatcrm.gateway.command;

import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /sandbox/parse} (sandbox mode only): what a line would be understood to say, without
 * doing it. Body {@code {"tenant": "<corp id or tenant id>", "userId": "<platform user id>",
 * "text": "...", "now": "2026-11-23T10:00:00+08:00"}}; answers the intent and its slots, absent
 * ones left out.
 */
public final class ParseApi {

  private final TenantService tenants;
  private final ChatCommands commands;

  public ParseApi(TenantService tenants, ChatCommands commands) {
    this.tenants = tenants;
    this.commands = commands;
  }

  public void mount(Router router) {
    router
        .post("/sandbox/parse")
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
        .handler(this::parse);
  }

  private void parse(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null
        || body.getString("text") == null
        || body.getString("tenant") == null
        || body.getString("userId") == null) {
      answer(
          ctx,
          400,
          new JsonObject().put("code", "invalid_input").put("message", "需要 tenant、userId 和 text"));
      return;
    }
    ZonedDateTime now = null;
    String at = body.getString("now");
    if (at != null) {
      try {
        now = OffsetDateTime.parse(at).toZonedDateTime();
      } catch (DateTimeParseException e) {
        answer(
            ctx,
            400,
            new JsonObject()
                .put("code", "invalid_input")
                .put("message", "now 须为 ISO-8601 时间，带时区偏移"));
        return;
      }
    }
    ZonedDateTime when = now;
    String text = body.getString("text");
    String user = body.getString("userId");
    tenant(body.getString("tenant"))
        .compose(t -> commands.understand(t.id(), user, text, when))
        .onSuccess(p -> answer(ctx, 200, ParsedCommandJson.toJson(p)))
        .onFailure(
            e -> {
              if (e instanceof NotFound) {
                answer(
                    ctx,
                    404,
                    new JsonObject().put("code", "not_found").put("message", e.getMessage()));
              } else {
                ctx.fail(e);
              }
            });
  }

  private Future<Tenant> tenant(String ref) {
    if (ref.matches("\\d{1,18}")) {
      return tenants.get(Long.parseLong(ref));
    }
    return tenants.find("wecom", ref).recover(e -> tenants.find("dingtalk", ref));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject json) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(json.encode());
  }
}
