package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The mini-app API in sandbox mode over real HTTP on a fresh database with the {@link OrgFixture}
 * company, for the focused test classes (dev-login as any fixture user, raw calls whose answers the
 * tests compare).
 */
final class ApiHarness {

  static final String KEY = "harness-session-key-0123456789abcdef-0123";

  final Vertx vertx;
  final OrgFixture org;
  final WebClient client;
  final int port;

  ApiHarness(FreshDatabase db) {
    this.vertx = db.vertx();
    this.org = OrgFixture.create(db.pool());
    this.client = WebClient.create(vertx);
    Router root = Router.router(vertx);
    new MiniAppPages().mount(root);
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    MiniAppConfig config = new MiniAppConfig(KEY, Duration.ofMinutes(30), true);
    await(MiniAppApi.create(vertx, engine, config, Map.of(), null)).mount(root);
    new CustomerExportRoute(vertx, engine, config).mount(root);
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
}
