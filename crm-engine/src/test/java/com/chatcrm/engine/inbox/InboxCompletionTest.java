package com.chatcrm.engine.inbox;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InboxCompletionTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static Inbox inbox;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    inbox = new Inbox(db.pool());
  }

  @Test
  @DisplayName(
      "a batch's completion queues its replies once, remembers its answers and marks its events done, in one go")
  void batchCompletion() {
    long tenant = org.tenantA.id();
    Actor sys = Actor.system(tenant, "callback");
    for (String key : List.of("batch-1", "batch-2", "batch-3")) {
      await(inbox.accept(sys, "wecom", key, "text", "lisi", new JsonObject().put("k", key)));
    }
    List<InboundEvent> claimed = await(inbox.claim(10));
    assertThat(claimed).hasSize(3);
    List<Completion> done = new ArrayList<>();
    for (InboundEvent e : claimed) {
      Completion c = new Completion(e);
      if (!e.platformKey().equals("batch-3")) {
        c.reply(
                "wecom",
                "lisi",
                new JsonObject().put("title", "回复 " + e.platformKey()),
                "reply:" + e.platformKey())
            .remember(e.platformKey(), new JsonObject().put("title", "回复 " + e.platformKey()));
      }
      done.add(c);
    }
    await(inbox.complete(done));
    await(inbox.complete(done.subList(0, 1)));

    var replies =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT payload->>'title' AS title FROM outbound_message WHERE tenant_id = $1 AND dedupe_key LIKE 'reply:batch-%' ORDER BY 1")
                .execute(Tuple.of(tenant)));
    List<String> titles = new ArrayList<>();
    replies.forEach(r -> titles.add(r.getString("title")));
    assertThat(titles)
        .as("each reply queued once, even when completed twice")
        .containsExactly("回复 batch-1", "回复 batch-2");
    assertThat(await(new ReplyLog(db.pool()).find(tenant, "batch-2")).getString("title"))
        .isEqualTo("回复 batch-2");
    var states =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT count(*) FILTER (WHERE status = 'done' AND processed_at IS NOT NULL) FROM inbound_event WHERE tenant_id = $1 AND platform_key LIKE 'batch-%'")
                .execute(Tuple.of(tenant)));
    assertThat(states.iterator().next().getLong(0)).isEqualTo(3);
    assertThat(await(inbox.claim(10))).as("nothing of the batch is handed out again").isEmpty();
  }
}
