package com.chatcrm.engine.change;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChangeFeedTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName("a channel configured on one node is announced to another node's listeners")
  void otherNodesHearOfChanges() throws Exception {
    OrgFixture org = OrgFixture.create(db.pool());
    Vertx otherNode = Vertx.vertx();
    List<String> heard = new CopyOnWriteArrayList<>();
    try {
      await(
          otherNode.deployVerticle(
              new ChangeFeed(db.location().connectOptions()).onChange(heard::add)));
      await(
          new TenantChannels(db.pool(), com.chatcrm.engine.secret.SecretBox.development())
              .put(
                  Actor.system(org.tenantA.id(), "t"),
                  "wecom",
                  new JsonObject().put("agentId", 1)));
      Eventually.within(Duration.ofSeconds(10)).as("a change heard").until(() -> !heard.isEmpty());
      assertThat(heard).containsExactly(TenantChannels.changeMessage(org.tenantA.id()));
    } finally {
      await(otherNode.close());
    }
  }
}
