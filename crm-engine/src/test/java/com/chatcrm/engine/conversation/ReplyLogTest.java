package com.chatcrm.engine.conversation;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplyLogTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName("the first answer to a message stays, per tenant, until purged")
  void firstAnswerStays() {
    OrgFixture org = OrgFixture.create(db.pool());
    ReplyLog log = new ReplyLog(db.pool());
    long a = org.tenantA.id();
    long b = org.tenantB.id();
    assertThat(await(log.find(a, "m1"))).isNull();
    await(log.record(a, "m1", new JsonObject().put("title", "first")));
    await(log.record(a, "m1", new JsonObject().put("title", "second")));
    assertThat(await(log.find(a, "m1")).getString("title")).isEqualTo("first");
    assertThat(await(log.find(b, "m1"))).isNull();
    assertThat(await(log.purge(Instant.now().plusSeconds(60)))).isEqualTo(1);
    assertThat(await(log.find(a, "m1"))).isNull();
  }
}
