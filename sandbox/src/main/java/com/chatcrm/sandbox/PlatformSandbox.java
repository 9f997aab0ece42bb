package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.parseLong;
import static com.chatcrm.sandbox.SandboxJson.randomHex;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every platform stand-in has: its companies, access tokens that can be expired early,
 * one-time auth codes, the log of the calls it answered, and the faults it can be told to produce.
 *
 * @param <C> the platform's company record
 */
public abstract class PlatformSandbox<C extends SandboxCompany> {

  /** Access tokens live as long as the platforms' (two hours). */
  private static final long TOKEN_SECONDS = 7200;

  protected final Vertx vertx;
  private final String platform;
  private final Map<String, C> corps = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, String[]> authCodes = new ConcurrentHashMap<>();
  private final SandboxCallLog calls = new SandboxCallLog();
  private final SandboxFaults faults = new SandboxFaults();

  /** An issued access token: whose, and until when. */
  protected record Token(String corpId, Instant expiresAt) {
    boolean expired() {
      return expiresAt.isBefore(Instant.now());
    }
  }

  protected PlatformSandbox(Vertx vertx, String platform) {
    this.vertx = vertx;
    this.platform = platform;
  }

  /** Plays the platform for this company (and forgets an earlier one with its corp id). */
  protected void putCorp(C corp) {
    corps.put(corp.corpId(), corp);
  }

  /** Takes a member out of a company's directory, as when they leave (then post the event). */
  public abstract void removeMember(String corpId, String userId);

  /** Adds or changes a member of a company's directory (then post the event). */
  public abstract void putMember(String corpId, SandboxCompany.Member member);

  public C corp(String corpId) {
    return corps.get(corpId);
  }

  protected Collection<C> corps() {
    return corps.values();
  }

  public SandboxFaults faults() {
    return faults;
  }

  /** Every token issued so far stops working, as when the platform invalidates tokens early. */
  public void expireTokens() {
    tokens.replaceAll((k, t) -> new Token(t.corpId(), Instant.EPOCH));
  }

  /**
   * A one-time auth code for a member: WeCom appends one to the mini-app's redirect URL, DingTalk's
   * {@code dd.getAuthCode} hands one to the mini-app (免登).
   */
  public String issueAuthCode(String corpId, String userId) {
    String code = randomHex(16);
    authCodes.put(code, new String[] {corpId, userId});
    return code;
  }

  /** Calls received after {@code afterSeq}, oldest first. */
  public List<SandboxCall> calls(long afterSeq) {
    return calls.after(afterSeq);
  }

  /** Calls to one API path, e.g. {@code /cgi-bin/message/send}. */
  public List<SandboxCall> calls(String path) {
    return calls.to(path);
  }

  /** The sequence number of the latest call (0 before any). */
  public long lastSeq() {
    return calls.lastSeq();
  }

  /** A new access token for a company, valid for two hours. */
  protected String issueToken(C corp, int bytes) {
    String token = randomHex(bytes);
    tokens.put(token, new Token(corp.corpId(), Instant.now().plusSeconds(TOKEN_SECONDS)));
    return token;
  }

  /** The token issued with this value, or null. */
  protected Token token(String value) {
    return value == null ? null : tokens.get(value);
  }

  /** Who a one-time auth code was for ({corpId, userId}), or null; a code works once. */
  protected String[] takeAuthCode(String code) {
    return code == null ? null : authCodes.remove(code);
  }

  /**
   * Answers in the platform's errcode JSON after the delay the faults ask for: HTTP 502 or the
   * rate-limit answer when one is due, otherwise the handler's; every answer is recorded.
   */
  protected void answer(
      RoutingContext ctx,
      Supplier<JsonObject> rateLimited,
      Function<RoutingContext, JsonObject> handler) {
    later(
        ctx,
        () -> {
          JsonObject answer = faults.takeRateLimit() ? rateLimited.get() : handler.apply(ctx);
          record(ctx, answer);
          ctx.json(answer);
        });
  }

  /** Runs a reply after the configured delay, unless a server error is due (HTTP 502). */
  protected void later(RoutingContext ctx, Runnable reply) {
    Runnable unlessFailing =
        () -> {
          if (faults.takeServerError()) {
            record(ctx, new JsonObject().put("http", 502));
            ctx.response().setStatusCode(502).end("Bad Gateway");
          } else {
            reply.run();
          }
        };
    long delay = faults.delayMillis();
    if (delay > 0) {
      vertx.setTimer(delay, id -> unlessFailing.run());
    } else {
      unlessFailing.run();
    }
  }

  /** Whether a rate-limit fault is due now (for answers in another shape than errcode JSON). */
  protected boolean rateLimitDue() {
    return faults.takeRateLimit();
  }

  /** Records a call with its API path (below the stand-in's mount point) and request. */
  protected void record(String method, String path, JsonObject request, JsonObject answer) {
    calls.add(platform, method, path, request, answer);
  }

  /** Records a call as the platform's recording keeps it. */
  protected abstract void record(RoutingContext ctx, JsonObject answer);

  /** {@code GET /_calls?after=}: the calls answered since, for the sandbox page and tools. */
  protected void mountCallLog(Router router) {
    router
        .get("/_calls")
        .handler(
            ctx -> {
              long after = parseLong(ctx.request().getParam("after"), 0);
              JsonArray out = new JsonArray();
              calls(after).forEach(c -> out.add(c.toJson()));
              ctx.json(new JsonObject().put("calls", out));
            });
  }
}
