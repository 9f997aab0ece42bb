package com.chatcrm.engine.change;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.NameChanges;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FeedCut;
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
              new ChangeFeed(db.location().connectOptions())
                  .onChange(ChangeFeed.Listener.of(heard::add, () -> {}))));
      channelChangeHeard(org, heard, 1);
    } finally {
      await(otherNode.close());
    }
  }

  @Test
  @DisplayName(
      "a feed cut off by the database listens again and tells every listener, once per gap, that anything may have changed; the first start is no gap; messages are heard again")
  void aGapIsToldToEveryListener() throws Exception {
    OrgFixture org = OrgFixture.create(db.pool());
    Vertx node = Vertx.vertx();
    List<String> heard = new CopyOnWriteArrayList<>();
    NameChanges names = new NameChanges();
    FeedCut cut = new FeedCut(db.pool());
    try {
      await(
          node.deployVerticle(
              new ChangeFeed(db.location().connectOptions())
                  .onChange(names)
                  .onChange(
                      ChangeFeed.Listener.of(
                          m -> {
                            if (!FeedCut.isProbe(m)) {
                              heard.add(m);
                            }
                          },
                          () -> heard.add("gap")))
                  .onChange(cut.listener())));
      assertThat(heard).as("the first LISTEN is no gap").isEmpty();
      long never = org.tenantB.id();
      assertThat(names.of(never)).isZero();

      cut.changeWhileCut(attempt -> {});
      assertThat(heard).containsOnly("gap").isNotEmpty();
      assertThat(names.of(never))
          .as("a tenant this node never counted a change of counts one now")
          .isPositive();

      heard.clear();
      channelChangeHeard(org, heard, 2);
    } finally {
      await(node.close());
    }
  }

  /** Configures tenant A's WeCom app on this node and waits until the feed under test hears it. */
  private static void channelChangeHeard(OrgFixture org, List<String> heard, int agentId) {
    await(
        new TenantChannels(db.pool(), com.chatcrm.engine.secret.SecretBox.development())
            .put(
                Actor.system(org.tenantA.id(), "t"),
                "wecom",
                new JsonObject().put("agentId", agentId)));
    Eventually.within(Duration.ofSeconds(10)).as("a change heard").until(() -> !heard.isEmpty());
    assertThat(heard).containsExactly(TenantChannels.changeMessage(org.tenantA.id()));
  }
}
