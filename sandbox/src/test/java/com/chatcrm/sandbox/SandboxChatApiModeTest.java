package com.chatcrm.sandbox;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.db.DatabaseOutage;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.Gateway;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandbox chat page and its API exist in sandbox mode only. */
class SandboxChatApiModeTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static int status(boolean sandbox, String path) {
    Vertx vertx = db.vertx();
    Router router = Router.router(vertx);
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    Gateway gateway =
        new Gateway(
            vertx,
            engine,
            engine,
            Engine.Intake.on(db.pool(), 1),
            new Gateway.Options(
                "https://qyapi.weixin.qq.com",
                "https://api.dingtalk.com",
                "https://oapi.dingtalk.com",
                1000,
                null,
                null,
                Backoff.standard()),
            new DatabaseOutage(vertx, db.pool()));
    gateway.mount(router);
    if (sandbox) {
      new SandboxMode(vertx, engine, gateway, "http://127.0.0.1:1", 1).mount(router);
    }
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404).end());
    var server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    try {
      return await(
              WebClient.create(vertx)
                  .getAbs("http://127.0.0.1:" + server.actualPort() + path)
                  .send())
          .statusCode();
    } finally {
      await(server.close());
    }
  }

  @Test
  @DisplayName("outside sandbox mode there is no /sandbox page and no /sandbox/api")
  void offOutsideSandbox() {
    assertThat(status(false, "/sandbox/")).isEqualTo(404);
    assertThat(status(false, "/sandbox/api/companies")).isEqualTo(404);
    assertThat(
            status(false, "/sandbox/api/messages?platform=wecom&corpId=wwhuaxin0001&userId=lisi"))
        .isEqualTo(404);
  }

  @Test
  @DisplayName("in sandbox mode the page and the API answer")
  void onInSandbox() {
    assertThat(status(true, "/sandbox/")).isEqualTo(200);
    assertThat(status(true, "/sandbox/api/companies")).isEqualTo(200);
  }
}
