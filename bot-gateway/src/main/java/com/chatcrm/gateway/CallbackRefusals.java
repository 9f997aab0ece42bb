package com.chatcrm.gateway;

import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;

/**
 * How a platform's callback URL answers what it does not record: 400 with a stable code for a
 * callback that is not genuinely the platform's, 404 for a company we do not serve, 503 (the
 * platform re-delivers) when the database is away or something broke. Refusals are logged through a
 * {@link RefusalLog}, so a flood is a summary.
 */
public final class CallbackRefusals {

  private final Logger log;
  private final String platform;
  private final DatabaseOutage outage;
  private final RefusalLog refusals;

  /**
   * @param platform for the log, e.g. "WeCom"
   */
  public CallbackRefusals(Logger log, String platform, DatabaseOutage outage) {
    this.log = log;
    this.platform = platform;
    this.outage = outage;
    this.refusals = new RefusalLog(log, platform + " callbacks", 20);
  }

  /**
   * Refuses a corp id that cannot be one (a CR/LF, a NUL, too long) before anything is looked up;
   * answers whether it did.
   */
  public boolean refusedCorpId(RoutingContext ctx, String corpId) {
    if (CallbackInput.plausibleCorpId(corpId)) {
      return false;
    }
    refusals.refused(
        ctx.vertx(),
        "unknown_tenant",
        "{} callback for a malformed corp id refused ({})",
        platform,
        ctx.request().remoteAddress());
    answer(ctx, 404, "unknown_tenant", "no such company");
    return true;
  }

  /** Answers a callback that failed with {@code e}: nothing of it was recorded. */
  public void refuse(RoutingContext ctx, String corpId, Throwable e) {
    if (e instanceof CallbackRejected rejected) {
      refusals.refused(
          ctx.vertx(),
          rejected.code(),
          "{} callback for {} refused: {} ({})",
          platform,
          corpId,
          LogSafe.text(rejected.getMessage()),
          ctx.request().remoteAddress());
      answer(ctx, 400, rejected.code(), rejected.getMessage());
    } else if (e instanceof NotFound) {
      refusals.refused(
          ctx.vertx(),
          "unknown_tenant",
          "{} callback for {} refused: {}",
          platform,
          corpId,
          LogSafe.text(e.getMessage()));
      answer(ctx, 404, "unknown_tenant", "no company " + corpId);
    } else {
      // not acknowledged and nothing recorded: the platform re-delivers
      if (!outage.requestFailed(e)) {
        log.error("{} callback for {} failed", platform, corpId, e);
      }
      ctx.response().setStatusCode(503).end();
    }
  }

  private static void answer(RoutingContext ctx, int status, String code, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }
}
