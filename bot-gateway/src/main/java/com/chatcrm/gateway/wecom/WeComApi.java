package com.chatcrm.gateway.wecom;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls WeCom's server API with Vert.x's non-blocking WebClient: the access token is cached per app
 * (Caffeine, until shortly before it expires), refreshed once when WeCom says it is invalid or
 * expired, and throttling or busy answers are retried with exponential backoff instead of
 * hammering. The base URL is configuration: the real WeCom or the sandbox.
 */
public final class WeComApi {

  private static final Logger LOG = LoggerFactory.getLogger(WeComApi.class);

  /** Tokens that a refresh cures (WxJava's list). */
  private static final Set<Integer> TOKEN_ERRORS = Set.of(40001, 40014, 42001);

  /** Answers that say "later": frequency limit, concurrency limit, system busy. */
  private static final Set<Integer> THROTTLED = Set.of(45009, 45033, -1);

  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final WeComApp app;
  private final Backoff backoff;
  private final AsyncCache<String, AccessToken> tokens;

  public WeComApi(Vertx vertx, WebClient client, String baseUrl, WeComApp app, Backoff backoff) {
    this.vertx = vertx;
    this.client = client;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.app = app;
    this.backoff = backoff;
    this.tokens = AccessToken.cache(vertx);
  }

  public WeComApp app() {
    return app;
  }

  /** The cached access token, fetched with gettoken when missing or near expiry. */
  public Future<String> accessToken() {
    CompletableFuture<AccessToken> token =
        tokens.get(
            app.corpId() + "/" + app.agentId(),
            (key, executor) -> fetchToken().toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(token, vertx.getOrCreateContext()).map(AccessToken::value);
  }

  /**
   * POST a JSON body to an API path such as {@code /cgi-bin/message/send}; fails with
   * PlatformError.
   */
  public Future<JsonObject> post(String path, JsonObject body) {
    return call(path, Map.of(), body, 1, false);
  }

  /** GET an API path with query parameters. */
  public Future<JsonObject> get(String path, Map<String, String> params) {
    return call(path, params, null, 1, false);
  }

  private Future<JsonObject> call(
      String path,
      Map<String, String> params,
      JsonObject body,
      int attempt,
      boolean tokenRefreshed) {
    return accessToken()
        .compose(token -> send(path, params, body, token))
        .compose(
            answer -> {
              int code = answer.getInteger("errcode", 0);
              if (code == 0) {
                return Future.succeededFuture(answer);
              }
              if (TOKEN_ERRORS.contains(code) && !tokenRefreshed) {
                LOG.info(
                    "WeCom {} answered {} for corp {}: refreshing the token once",
                    path,
                    code,
                    app.corpId());
                tokens.synchronous().invalidate(app.corpId() + "/" + app.agentId());
                return call(path, params, body, attempt, true);
              }
              if (THROTTLED.contains(code) && attempt < backoff.attempts()) {
                return later(
                    attempt,
                    () -> call(path, params, body, attempt + 1, tokenRefreshed),
                    path,
                    code);
              }
              return Future.failedFuture(
                  new PlatformError("wecom", code, answer.getString("errmsg", "")));
            },
            failure -> {
              if (failure instanceof HttpFailure && attempt < backoff.attempts()) {
                return later(
                    attempt,
                    () -> call(path, params, body, attempt + 1, tokenRefreshed),
                    path,
                    ((HttpFailure) failure).status);
              }
              if (failure instanceof HttpFailure http) {
                return Future.failedFuture(
                    new PlatformError("wecom", -http.status, "HTTP " + http.status));
              }
              return Future.failedFuture(failure);
            });
  }

  private Future<JsonObject> later(
      int attempt, java.util.function.Supplier<Future<JsonObject>> retry, String path, int code) {
    long delay = backoff.delayMillis(attempt);
    LOG.warn(
        "WeCom {} answered {} for corp {}: retry {} in {} ms",
        path,
        code,
        app.corpId(),
        attempt,
        delay);
    Promise<JsonObject> promise = Promise.promise();
    vertx.setTimer(delay, id -> retry.get().onComplete(promise));
    return promise.future();
  }

  private Future<JsonObject> send(
      String path, Map<String, String> params, JsonObject body, String token) {
    HttpRequest<Buffer> request =
        (body == null ? client.getAbs(baseUrl + path) : client.postAbs(baseUrl + path))
            .addQueryParam("access_token", token)
            .timeout(10_000);
    params.forEach(request::addQueryParam);
    Future<HttpResponse<Buffer>> response =
        body == null ? request.send() : request.sendJsonObject(body);
    return response.compose(WeComApi::json);
  }

  private Future<AccessToken> fetchToken() {
    return client
        .getAbs(baseUrl + "/cgi-bin/gettoken")
        .addQueryParam("corpid", app.corpId())
        .addQueryParam("corpsecret", app.secret())
        .timeout(10_000)
        .send()
        .compose(WeComApi::json)
        .compose(
            answer -> {
              int code = answer.getInteger("errcode", 0);
              if (code != 0) {
                return Future.failedFuture(
                    new PlatformError("wecom", code, answer.getString("errmsg", "")));
              }
              return Future.succeededFuture(
                  new AccessToken(
                      answer.getString("access_token"), answer.getLong("expires_in", 7200L)));
            });
  }

  private static Future<JsonObject> json(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) {
      return Future.failedFuture(new HttpFailure(response.statusCode()));
    }
    try {
      return Future.succeededFuture(response.bodyAsJsonObject());
    } catch (RuntimeException e) {
      return Future.failedFuture(
          new PlatformError("wecom", -2, "HTTP " + response.statusCode() + ", not JSON"));
    }
  }

  /** A 5xx from the platform: worth retrying after a pause. */
  private static final class HttpFailure extends RuntimeException {
    private final int status;

    HttpFailure(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }
  }
}
