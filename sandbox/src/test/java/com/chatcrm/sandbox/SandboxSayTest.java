package com.chatcrm.sandbox;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A line typed on the sandbox chat page goes through the real callback path, whatever bytes it
 * holds.
 */
class SandboxSayTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static WebClient client;
  static String base;

  @BeforeAll
  static void start() {
    TestGateway gateway = TestGateway.start(db.vertx(), db.pool());
    await(gateway.sandbox().registerCompanies());
    base = gateway.base();
    client = gateway.client();
  }

  @Test
  @DisplayName(
      "a NUL or another control character typed in the sandbox chat is dropped, not a failed callback")
  void controlCharactersAreDropped() {
    SandboxCorp wecom = SandboxCorps.huaxin();
    SandboxDingTalkCorp dingtalk = SandboxCorps.dingyun();
    for (JsonObject say :
        new JsonObject[] {
          new JsonObject()
              .put("platform", "wecom")
              .put("corpId", wecom.corpId())
              .put("userId", wecom.members().get(1).userId())
              .put("text", "跟进\u0000华为\u001b 电话"),
          new JsonObject()
              .put("platform", "dingtalk")
              .put("corpId", dingtalk.corpId())
              .put("userId", dingtalk.members().get(1).userId())
              .put("text", "跟进\u0000华为\u001b 电话")
        }) {
      HttpResponse<Buffer> r = await(client.postAbs(base + "/sandbox/api/say").sendJsonObject(say));
      assertThat(r.statusCode()).as(say.getString("platform")).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getJsonObject("message").getString("text"))
          .isEqualTo("跟进华为 电话");
    }
    long stored =
        await(
                db.pool()
                    .preparedQuery("SELECT count(*) FROM inbound_event WHERE payload::text LIKE $1")
                    .execute(Tuple.of("%跟进华为 电话%")))
            .iterator()
            .next()
            .getLong(0);
    assertThat(stored).isEqualTo(2);
  }
}
