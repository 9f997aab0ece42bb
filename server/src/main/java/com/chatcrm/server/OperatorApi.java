package com.chatcrm.server;

import com.chatcrm.config.OperatorConfig;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.operator.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API ({@code /operator/tenants}): what the jar's {@code tenant} command does, over
 * HTTP, for deployments that register companies from their own tooling. Off without {@code
 * CRM_OPERATOR_TOKEN}; with it, only requests carrying that bearer token get in.
 */
final class OperatorApi {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);
  private static final int BODY_LIMIT = 64 * 1024;

  private final Optional<BearerToken> token;
  private final TenantRegistry registry;

  OperatorApi(OperatorConfig config, TenantRegistry registry) {
    this.token = config.token().map(BearerToken::new);
    this.registry = registry;
  }

  void mount(Router router) {
    // two routes: the token is checked before any body is read
    router.route("/operator/*").handler(this::guard);
    router.route("/operator/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
    router
        .get("/operator/tenants")
        .handler(ctx -> answer(ctx, registry.list().map(OperatorApi::listed), 200));
    router.post("/operator/tenants").handler(this::add);
    router.patch("/operator/tenants/:platform/:corpId").handler(this::update);
    router
        .post("/operator/tenants/:platform/:corpId/disable")
        .handler(ctx -> setDisabled(ctx, true));
    router
        .post("/operator/tenants/:platform/:corpId/enable")
        .handler(ctx -> setDisabled(ctx, false));
    router.post("/operator/tenants/:platform/:corpId/lead-webhook").handler(this::leadWebhook);
  }

  private void guard(RoutingContext ctx) {
    if (token.isEmpty()) {
      error(
          ctx,
          404,
          "operator_api_off",
          "运维接口未开启：设置 CRM_OPERATOR_TOKEN 后可用（也可用 java -jar chat-crm.jar tenant ...）");
    } else if (!token.get().carriedBy(ctx)) {
      ctx.response().putHeader("www-authenticate", "Bearer realm=\"operator\"");
      error(ctx, 401, "unauthorized", "需要运维令牌：请求头 Authorization: Bearer <CRM_OPERATOR_TOKEN>");
    } else {
      ctx.next();
    }
  }

  private void add(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    JsonArray admins = body.getValue("admins") instanceof JsonArray a ? a : new JsonArray();
    TenantRegistry.Registration r =
        new TenantRegistry.Registration(
            text(body, "platform"),
            text(body, "corpId"),
            text(body, "name"),
            text(body, "timeZone"),
            body.getValue("settings") instanceof JsonObject s ? s : new JsonObject(),
            admins.stream().map(String::valueOf).toList());
    registry
        .add(r)
        .onSuccess(
            done ->
                json(
                    ctx,
                    done.created() ? 201 : 200,
                    new JsonObject()
                        .put("tenantId", done.tenant().id())
                        .put("created", done.created())
                        .put("members", done.members())
                        .put(
                            "console",
                            new JsonArray(
                                done.console().stream()
                                    .map(
                                        c ->
                                            new JsonObject()
                                                .put("where", c.where())
                                                .put("value", c.value()))
                                    .toList()))))
        .onFailure(e -> fail(ctx, e));
  }

  private void update(RoutingContext ctx) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    JsonObject settings = body.getValue("settings") instanceof JsonObject s ? s : new JsonObject();
    answer(
        ctx,
        registry
            .update(ctx.pathParam("platform"), ctx.pathParam("corpId"), settings)
            .map(
                t ->
                    new JsonObject().put("tenantId", t.id()).put("updated", settings.fieldNames())),
        200);
  }

  private void setDisabled(RoutingContext ctx, boolean disabled) {
    answer(
        ctx,
        registry
            .setDisabled(ctx.pathParam("platform"), ctx.pathParam("corpId"), disabled)
            .map(v -> new JsonObject().put("disabled", disabled)),
        200);
  }

  /** A new leads-webhook secret, answered this once (never stored in the clear, never listed). */
  private void leadWebhook(RoutingContext ctx) {
    answer(
        ctx,
        registry
            .leadWebhook(ctx.pathParam("platform"), ctx.pathParam("corpId"))
            .map(
                w ->
                    new JsonObject()
                        .put("tenantId", w.tenant().id())
                        .put("url", w.url())
                        .put("secret", w.secret())),
        200);
  }

  private static JsonObject listed(List<TenantService.Listed> all) {
    JsonArray out = new JsonArray();
    for (TenantService.Listed l : all) {
      out.add(
          new JsonObject()
              .put("tenantId", l.tenant().id())
              .put("platform", l.tenant().platform())
              .put("corpId", l.tenant().corpId())
              .put("name", l.tenant().name())
              .put("timeZone", l.tenant().timeZone().getId())
              .put("disabled", l.disabledAt() != null)
              .put("members", l.members())
              .put("channels", l.channels()));
    }
    return new JsonObject().put("tenants", out);
  }

  /** The request's JSON object; null when there is none, after answering 400. */
  private static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      fail(ctx, InvalidInput.field("body", "must be a JSON object"));
    }
    return body;
  }

  private static String text(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : null;
  }

  private void answer(RoutingContext ctx, Future<JsonObject> work, int status) {
    work.onSuccess(body -> json(ctx, status, body)).onFailure(e -> fail(ctx, e));
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof InvalidInput invalid) {
      json(
          ctx,
          400,
          new JsonObject()
              .put("code", invalid.code())
              .put("message", invalid.getMessage())
              .put("details", invalid.details()));
    } else if (e instanceof NotFound) {
      error(ctx, 404, "not_found", "没有这家企业（平台与 corpId 是否正确？）");
    } else if (e instanceof PlatformError refused) {
      error(ctx, 422, "credentials_refused", OperatorMessages.refused(refused));
    } else {
      LOG.warn(
          "Operator request {} {} failed: {}",
          ctx.request().method(),
          ctx.request().path(),
          e.toString());
      ctx.fail(e);
    }
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("code", code).put("message", message));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
