package com.chatcrm.gateway.webform;

import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.lead.LeadCapture;
import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.CallbackInput;
import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.LogSafe;
import com.chatcrm.gateway.RefusalLog;
import com.chatcrm.gateway.ReplayWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A company's web forms send leads here: {@code POST /webhooks/{tenantId}/leads}, signed with the
 * company's webhook secret ({@link LeadWebhookSignature}; the operator's {@code tenant
 * lead-webhook} makes it). A signature is accepted once, within {@link ReplayWindow#SIGNED_PUSH} of
 * its timestamp; a valid lead is captured without an acting user (the assignment rules hand it out,
 * else it goes to the 线索池), and the same {@code submissionId} again answers the same lead.
 *
 * <p>An unknown company, one without a webhook and a wrong signature get the same 401, so the
 * answer tells nobody which companies exist; the secret and the signature are never logged.
 */
public final class LeadWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(LeadWebhook.class);

  /** The channel under which the webhook secret is stored (sealed, as the platforms' secrets). */
  public static final String CHANNEL = "webform";

  /** A lead is a few lines of text: anything larger is refused before it is read. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /** Kept past the timestamp's window, for clocks that differ between our nodes. */
  private static final Duration NODE_SKEW = Duration.ofMinutes(1);

  /**
   * Signs what an unknown company's request would be checked against, so that it takes as long as a
   * known one's.
   */
  private static final String DECOY = LeadWebhookSignature.newSecret();

  private final TenantService tenants;
  private final TenantChannels channels;
  private final CallbackSignatures signatures;
  private final LeadService leads;
  private final Clock clock;
  private final DatabaseOutage outage;
  private final RefusalLog refusals = new RefusalLog(LOG, "lead webhook requests", 20);

  public LeadWebhook(
      TenantService tenants,
      TenantChannels channels,
      CallbackSignatures signatures,
      LeadService leads,
      Clock clock,
      DatabaseOutage outage) {
    this.tenants = tenants;
    this.channels = channels;
    this.signatures = signatures;
    this.leads = leads;
    this.clock = clock;
    this.outage = outage;
  }

  /** The webhook's URL for a company, under the service's public URL. */
  public static String url(String publicUrl, long tenantId) {
    return publicUrl.replaceAll("/+$", "") + "/webhooks/" + tenantId + "/leads";
  }

  public void mount(Router router) {
    CallbackInput.guardQuery(router, "/webhooks/");
    router
        .post("/webhooks/:tenant/leads")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::receive)
        .failureHandler(this::tooLarge);
  }

  static CallbackRejected badSignature() {
    return new CallbackRejected("bad_signature", "签名无效：请用本企业的线索 webhook 密钥签名（见 docs/deploy.md）");
  }

  private void receive(RoutingContext ctx) {
    String path = ctx.pathParam("tenant");
    String timestamp = ctx.request().getHeader("x-crm-timestamp");
    String signature = ctx.request().getHeader("x-crm-signature");
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    long signedAt;
    try {
      ReplayWindow.requireSeconds(timestamp, ReplayWindow.SIGNED_PUSH, clock.millis());
      signedAt = ReplayWindow.number(timestamp);
    } catch (CallbackRejected e) {
      refuse(ctx, path, e);
      return;
    }
    long tenantId = tenantId(path);
    secret(tenantId)
        .compose(
            secret -> {
              LeadWebhookSignature.verify(
                  secret == null ? DECOY : secret, timestamp.strip(), body, signature);
              if (secret == null) {
                throw badSignature();
              }
              return active(tenantId);
            })
        .compose(
            v ->
                signatures.firstUse(
                    tenantId,
                    signedAt,
                    signature.strip().toLowerCase(),
                    Instant.ofEpochSecond(signedAt).plus(ReplayWindow.SIGNED_PUSH).plus(NODE_SKEW)))
        .compose(
            first -> {
              if (!first) {
                throw new CallbackRejected("replayed_signature", "这个签名已经用过：每次发送请用新的时间戳重新签名");
              }
              return leads.captureUnattended(
                  tenantId, WebFormLead.of(CallbackInput.utf8(ctx.body().buffer())));
            })
        .onSuccess(capture -> json(ctx, 200, answer(capture)))
        .onFailure(e -> refuse(ctx, path, e));
  }

  /**
   * {@code id}: the lead captured, or the live lead it repeats; {@code duplicate}: it matched a
   * live lead (not created) or a customer (created, its note naming the customer).
   */
  private static JsonObject answer(LeadCapture c) {
    Long id =
        c.lead() != null
            ? Long.valueOf(c.lead().id())
            : c.duplicates().stream()
                .filter(d -> "lead".equals(d.kind()))
                .map(d -> d.id())
                .findFirst()
                .orElse(null);
    return new JsonObject()
        .put("id", id)
        .put("created", c.created())
        .put("duplicate", !c.repeated() && !c.duplicates().isEmpty());
  }

  /** The path's tenant id; -1 (no company) for anything that cannot be one. */
  private static long tenantId(String path) {
    if (path == null || !path.matches("[0-9]{1,18}")) {
      return -1;
    }
    return Long.parseLong(path);
  }

  /** The company's webhook secret; null when it has none (or there is no such company). */
  private Future<String> secret(long tenantId) {
    if (tenantId < 0) {
      return Future.succeededFuture(null);
    }
    return channels
        .get(tenantId, CHANNEL)
        .map(s -> s.getString("secret"))
        .recover(
            e -> e instanceof NotFound ? Future.succeededFuture(null) : Future.failedFuture(e));
  }

  /** Refuses a company an operator disabled: it keeps its records but takes no new ones. */
  private Future<Void> active(long tenantId) {
    return tenants
        .get(tenantId)
        .compose(t -> tenants.find(t.platform(), t.corpId()))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof NotFound
                        ? new CallbackRejected("tenant_disabled", "该企业已停用，不再接收线索")
                        : e))
        .mapEmpty();
  }

  private void refuse(RoutingContext ctx, String path, Throwable e) {
    if (e instanceof CallbackRejected r) {
      refusals.refused(
          ctx.vertx(),
          r.code(),
          "Lead webhook request for {} refused: {} ({})",
          LogSafe.text(path),
          r.code(),
          ctx.request().remoteAddress());
      int status =
          switch (r.code()) {
            case "tenant_disabled" -> 403;
            case "malformed_body" -> 400;
            default -> 401;
          };
      error(ctx, status, r.code(), message(r), new JsonObject());
    } else if (e instanceof EngineException refused && refused.code().equals("invalid_input")) {
      JsonObject details = refused.details() == null ? new JsonObject() : refused.details();
      refusals.refused(
          ctx.vertx(),
          "invalid_input",
          "Lead webhook request for {} refused: invalid {}",
          LogSafe.text(path),
          LogSafe.text(details.getString("field")));
      String message = String.valueOf(refused.getMessage()).replaceFirst("^[A-Za-z]\\w*: ", "");
      error(ctx, 400, "invalid_input", message, details);
    } else if (DatabaseOutage.isUnavailable(e)) {
      if (outage == null || !outage.requestFailed(e)) {
        LOG.warn("Lead webhook request for {}: database unavailable", LogSafe.text(path));
      }
      ctx.response().putHeader("retry-after", DatabaseOutage.RETRY_AFTER_SECONDS);
      error(ctx, 503, DatabaseOutage.ANSWER_CODE, DatabaseOutage.ANSWER_MESSAGE, new JsonObject());
    } else {
      LOG.error("Lead webhook request for {} failed", LogSafe.text(path), e);
      error(ctx, 500, "internal", "服务器出错了，请稍后重试（同一 submissionId 不会重复建线索）", new JsonObject());
    }
  }

  /** The refusal in Chinese; the timestamp checks are shared with the platforms' callbacks. */
  private static String message(CallbackRejected r) {
    return switch (r.code()) {
      case "stale_timestamp" ->
          "X-CRM-Timestamp 与服务器时间相差超过 "
              + ReplayWindow.SIGNED_PUSH.toMinutes()
              + " 分钟：请用当前的 Unix 秒数签名";
      case "bad_timestamp", "missing_parameter" -> "缺少 X-CRM-Timestamp 或它不是 Unix 秒数";
      case "malformed_body" -> "请求体不是 UTF-8 编码的 JSON";
      default -> r.getMessage();
    };
  }

  /** A body over the limit (the body handler fails the route with 413). */
  private void tooLarge(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status == 413) {
      error(ctx, 413, "too_large", "请求体太大（最多 " + MAX_BODY_BYTES / 1024 + " KB）", new JsonObject());
    } else if (ctx.failure() != null) {
      refuse(ctx, ctx.pathParam("tenant"), ctx.failure());
    } else {
      error(ctx, status, status >= 500 ? "internal" : "bad_request", "请求不合法", new JsonObject());
    }
  }

  private static void error(
      RoutingContext ctx, int status, String code, String message, JsonObject details) {
    json(
        ctx,
        status,
        new JsonObject().put("code", code).put("message", message).put("details", details));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
