package com.chatcrm.gateway.dingtalk;

import com.chatcrm.gateway.AccessToken;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.PlatformError;
import com.github.benmanes.caffeine.cache.AsyncCache;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls DingTalk's two server APIs with Vert.x's non-blocking WebClient (the DingTalk SDKs block):
 * the new one ({@code api.dingtalk.com/v1.0/...}, token in the {@code x-acs-dingtalk-access-token}
 * header) and the legacy one ({@code oapi.dingtalk.com/topapi/...}, {@code ?access_token=}). Each
 * has its own token, cached per app until shortly before expiry — the two are reported
 * interchangeable, but that is unconfirmed, so each is fetched from its own endpoint. A token
 * DingTalk calls invalid is refreshed once; throttling and 5xx answers are retried with exponential
 * backoff.
 */
public final class DingTalkApi {

  private static final Logger LOG = LoggerFactory.getLogger(DingTalkApi.class);
  public static final String REAL_API = "https://api.dingtalk.com";
  public static final String REAL_OAPI = "https://oapi.dingtalk.com";

  /** Legacy errcodes a token refresh cures (88 needs sub_code 40014, checked separately). */
  private static final Set<Integer> LEGACY_TOKEN_ERRORS = Set.of(40014, 42001);

  /** Legacy "later": system busy, per-API / per-app QPS, work-notification recipient QPM. */
  private static final Set<Integer> LEGACY_THROTTLED =
      Set.of(-1, 90002, 90018, 90019, 143103, 143104);

  /** New-API codes that say "later". */
  private static final Set<String> THROTTLED =
      Set.of(
          "send.too.fast",
          "send.byToken.tooFast",
          "system.error",
          "Throttling",
          "Throttling.Api",
          "Throttling.User",
          "ServiceUnavailable");

  private final Vertx vertx;
  private final WebClient client;
  private final String apiBase;
  private final String oapiBase;
  private final DingTalkApp app;
  private final Backoff backoff;
  private final AsyncCache<String, AccessToken> tokens;

  /** Which API a call goes to, each with its own token. */
  private enum Kind {
    NEW,
    LEGACY
  }

  /**
   * @param apiBase {@link #REAL_API} or the sandbox
   * @param oapiBase {@link #REAL_OAPI} or the sandbox (the sandbox serves both path families on one
   *     base)
   */
  public DingTalkApi(
      Vertx vertx,
      WebClient client,
      String apiBase,
      String oapiBase,
      DingTalkApp app,
      Backoff backoff) {
    this.vertx = vertx;
    this.client = client;
    this.apiBase = trim(apiBase);
    this.oapiBase = trim(oapiBase);
    this.app = app;
    this.backoff = backoff;
    this.tokens = AccessToken.cache(vertx);
  }

  private static String trim(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public DingTalkApp app() {
    return app;
  }

  /** The cached new-API access token ({@code /v1.0/oauth2/accessToken}). */
  public Future<String> accessToken() {
    return token(Kind.NEW);
  }

  /** The cached legacy access token ({@code /gettoken}). */
  public Future<String> legacyToken() {
    return token(Kind.LEGACY);
  }

  private Future<String> token(Kind kind) {
    CompletableFuture<AccessToken> token =
        tokens.get(
            kind.name(),
            (key, executor) -> fetchToken(kind).toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(token, vertx.getOrCreateContext()).map(AccessToken::value);
  }

  /** POST to the new API, e.g. {@code /v1.0/robot/oToMessages/batchSend}. */
  public Future<JsonObject> post(String path, JsonObject body) {
    return call(Kind.NEW, "POST", path, Map.of(), body, 1, false);
  }

  /** PUT to the new API, e.g. {@code /v1.0/card/instances} (card update). */
  public Future<JsonObject> put(String path, JsonObject body) {
    return call(Kind.NEW, "PUT", path, Map.of(), body, 1, false);
  }

  /** POST to the legacy API, e.g. {@code /topapi/v2/user/get}. */
  public Future<JsonObject> topapi(String path, JsonObject body) {
    return call(Kind.LEGACY, "POST", path, Map.of(), body, 1, false);
  }

  /** GET from the legacy API, e.g. {@code /get_jsapi_ticket}. */
  public Future<JsonObject> oapiGet(String path, Map<String, String> params) {
    return call(Kind.LEGACY, "GET", path, params, null, 1, false);
  }

  /**
   * 免登: the user id behind a one-time auth code from {@code dd.getAuthCode} (5 min, single use;
   * 40078 otherwise).
   */
  public Future<String> userIdByAuthCode(String code) {
    return topapi("/topapi/v2/user/getuserinfo", new JsonObject().put("code", code))
        .map(answer -> answer.getJsonObject("result", new JsonObject()).getString("userid"));
  }

  /** The jsapi ticket for {@code dd.config} (callers cache it: it lives 7200 s). */
  public Future<String> jsapiTicket() {
    return oapiGet("/get_jsapi_ticket", Map.of()).map(answer -> answer.getString("ticket"));
  }

  private Future<JsonObject> call(
      Kind kind,
      String method,
      String path,
      Map<String, String> params,
      JsonObject body,
      int attempt,
      boolean refreshed) {
    Supplier<Future<JsonObject>> again =
        () -> call(kind, method, path, params, body, attempt + 1, refreshed);
    return token(kind)
        .compose(token -> send(kind, method, path, params, body, token))
        .compose(
            r -> {
              Answer a = Answer.of(kind, r);
              if (a.ok()) {
                return Future.succeededFuture(a.body());
              }
              if (a.tokenError() && !refreshed) {
                LOG.info(
                    "DingTalk {} answered {} for app {}: refreshing the token once",
                    path,
                    a.code(),
                    app.appKey());
                tokens.synchronous().invalidate(kind.name());
                return call(kind, method, path, params, body, attempt, true);
              }
              if (a.throttled() && attempt < backoff.attempts()) {
                return later(attempt, again, path, a.code());
              }
              return Future.failedFuture(a.error());
            },
            failure ->
                attempt < backoff.attempts() && !(failure instanceof PlatformError)
                    ? later(attempt, again, path, failure.getMessage())
                    : Future.failedFuture(failure));
  }

  private Future<JsonObject> later(
      int attempt, Supplier<Future<JsonObject>> retry, String path, String why) {
    long delay = backoff.delayMillis(attempt);
    LOG.warn(
        "DingTalk {} answered {} for app {}: retry {} in {} ms",
        path,
        why,
        app.appKey(),
        attempt,
        delay);
    Promise<JsonObject> promise = Promise.promise();
    vertx.setTimer(delay, id -> retry.get().onComplete(promise));
    return promise.future();
  }

  private Future<HttpResponse<Buffer>> send(
      Kind kind,
      String method,
      String path,
      Map<String, String> params,
      JsonObject body,
      String token) {
    String url = (kind == Kind.NEW ? apiBase : oapiBase) + path;
    HttpRequest<Buffer> request =
        switch (method) {
          case "GET" -> client.getAbs(url);
          case "PUT" -> client.putAbs(url);
          default -> client.postAbs(url);
        };
    request.timeout(10_000);
    if (kind == Kind.NEW) {
      request.putHeader("x-acs-dingtalk-access-token", token);
    } else {
      request.addQueryParam("access_token", token);
    }
    params.forEach(request::addQueryParam);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  private Future<AccessToken> fetchToken(Kind kind) {
    Future<HttpResponse<Buffer>> response =
        kind == Kind.NEW
            ? client
                .postAbs(apiBase + "/v1.0/oauth2/accessToken")
                .timeout(10_000)
                .sendJsonObject(
                    new JsonObject().put("appKey", app.appKey()).put("appSecret", app.appSecret()))
            : client
                .getAbs(oapiBase + "/gettoken")
                .addQueryParam("appkey", app.appKey())
                .addQueryParam("appsecret", app.appSecret())
                .timeout(10_000)
                .send();
    return response.compose(
        r -> {
          Answer a = Answer.of(kind, r);
          if (!a.ok()) {
            return Future.failedFuture(a.error());
          }
          return kind == Kind.NEW
              ? Future.succeededFuture(
                  new AccessToken(
                      a.body().getString("accessToken"), a.body().getLong("expireIn", 7200L)))
              : Future.succeededFuture(
                  new AccessToken(
                      a.body().getString("access_token"), a.body().getLong("expires_in", 7200L)));
        });
  }

  /** One answer, classified. */
  record Answer(
      boolean ok,
      JsonObject body,
      String code,
      boolean tokenError,
      boolean throttled,
      PlatformError error) {

    static Answer of(Kind kind, HttpResponse<Buffer> r) {
      JsonObject body;
      try {
        body = r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
      } catch (RuntimeException e) {
        body = null;
      }
      int status = r.statusCode();
      if (body == null) {
        // the per-IP ban answers with an HTML page; 5xx gateways too
        boolean later = status >= 500 || status == 429 || status == 403;
        return new Answer(
            false,
            null,
            "HTTP " + status,
            false,
            later,
            new PlatformError(
                "dingtalk", -status, "HTTP " + status + ", not JSON", !later && status < 500));
      }
      if (body.getInteger("status", 0) == 1111) {
        return new Answer(
            false,
            body,
            "ip-banned",
            false,
            true,
            new PlatformError("dingtalk", -1111, "IP banned"));
      }
      if (kind == Kind.NEW) {
        if (status >= 200 && status < 300) {
          return new Answer(true, body, null, false, false, null);
        }
        String code = body.getString("code", "HTTP " + status);
        boolean token =
            code.startsWith("InvalidAuthentication")
                || "AuthenticationFailed".equals(code)
                || code.contains("accessToken") && status == 401;
        boolean later =
            status >= 500
                || status == 429
                || THROTTLED.contains(code)
                || code.startsWith("Throttling");
        return new Answer(
            false,
            body,
            code,
            token,
            later,
            new PlatformError(
                "dingtalk",
                -status,
                code + ": " + body.getString("message", ""),
                status >= 400 && status < 500 && !later && !token));
      }
      if (status >= 500) {
        return new Answer(
            false,
            body,
            "HTTP " + status,
            false,
            true,
            new PlatformError("dingtalk", -status, "HTTP " + status));
      }
      int errcode = body.getInteger("errcode", 0);
      if (errcode == 0) {
        return new Answer(true, body, null, false, false, null);
      }
      String sub = String.valueOf(body.getValue("sub_code", ""));
      boolean token = LEGACY_TOKEN_ERRORS.contains(errcode) || errcode == 88 && "40014".equals(sub);
      boolean later = LEGACY_THROTTLED.contains(errcode);
      String message = body.getString("errmsg", "") + (sub.isEmpty() ? "" : " (" + sub + ")");
      return new Answer(
          false,
          body,
          String.valueOf(errcode),
          token,
          later,
          new PlatformError("dingtalk", errcode, message));
    }
  }
}
