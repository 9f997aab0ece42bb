package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The mini-app API in sandbox mode over real HTTP on a fresh database with the {@link OrgFixture}
 * company, for the focused test classes (dev-login as any fixture user, raw calls whose answers the
 * tests compare).
 */
final class ApiHarness {

  static final String KEY = "harness-session-key-0123456789abcdef-0123";

  /** No record has this id: the database hands out small ones. */
  static final long MISSING = 8_000_000_000L;

  final Vertx vertx;
  final Pool pool;
  final OrgFixture org;
  final WebClient client;
  final int port;

  ApiHarness(FreshDatabase db) {
    this.vertx = db.vertx();
    this.pool = db.pool();
    this.org = OrgFixture.create(db.pool());
    this.client = WebClient.create(vertx);
    Router root = Router.router(vertx);
    new MiniAppPages().mount(root);
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    MiniAppConfig config = new MiniAppConfig(KEY, Duration.ofMinutes(30), true);
    await(MiniAppApi.create(vertx, engine, config, Map.of(), null)).mount(root);
    new ExportRoute(vertx, engine, config).mount(root);
    this.port = await(vertx.createHttpServer().requestHandler(root).listen(0)).actualPort();
  }

  /**
   * A session token of a fixture user of tenant A, by platform user id (lilei, zhaoliu, zhang,
   * wang, …).
   */
  String login(String platformUserId) {
    HttpResponse<Buffer> r =
        await(
            client
                .post(port, "127.0.0.1", "/api/dev-login")
                .sendJsonObject(
                    new JsonObject()
                        .put("corpId", org.tenantA.corpId())
                        .put("userId", platformUserId)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("token");
  }

  HttpResponse<Buffer> call(String token, HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> req = client.request(method, port, "127.0.0.1", path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  /** The JSON body of a call that must succeed with {@code status}. */
  JsonObject ok(String token, HttpMethod method, String path, JsonObject body, int status) {
    HttpResponse<Buffer> r = call(token, method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  /**
   * A call on a record the user may not see answers 404 exactly like one on a missing id, and names
   * none of {@code secrets}.
   */
  void sameAsMissing(
      String token,
      HttpMethod method,
      String path,
      long hiddenId,
      JsonObject body,
      String... secrets) {
    HttpResponse<Buffer> hidden = call(token, method, path.formatted(hiddenId), body);
    HttpResponse<Buffer> missing = call(token, method, path.formatted(MISSING), body);
    String what = method + " " + path.formatted(hiddenId);
    assertThat(hidden.statusCode()).as(what + " " + hidden.bodyAsString()).isEqualTo(404);
    assertThat(hidden.bodyAsJsonObject()).as(what).isEqualTo(missing.bodyAsJsonObject());
    for (String secret : secrets) {
      assertThat(hidden.bodyAsString()).as(what).doesNotContain(secret);
    }
  }

  /** The audit actions on a record of tenant A, oldest first. */
  List<String> actions(String entity, long id) {
    return await(AuditQueries.history(pool, org.tenantA.id(), entity, id)).stream()
        .map(AuditEntry::action)
        .toList();
  }
}
