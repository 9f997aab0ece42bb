package com.chatcrm.engine.outbox;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.Completion;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InboxOutboxTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static Inbox inbox;
  static Outbox outbox;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    inbox = new Inbox(db.pool());
    outbox = new Outbox(db.pool());
  }

  @Test
  @DisplayName("a re-delivered callback is recognised and recorded once")
  void inboxDeduplicates() {
    Actor sys = Actor.system(org.tenantA.id(), "callback");
    JsonObject payload = new JsonObject().put("Content", "你好");
    assertThat(await(inbox.accept(sys, "wecom", "msg-1", "text", "lisi", payload))).isTrue();
    assertThat(await(inbox.accept(sys, "wecom", "msg-1", "text", "lisi", payload))).isFalse();
    assertThat(
            await(
                inbox.accept(
                    Actor.system(org.tenantB.id(), "callback"),
                    "wecom",
                    "msg-1",
                    "text",
                    "x",
                    payload)))
        .as("the same id in another company is another message")
        .isTrue();
    List<InboundEvent> claimed = await(inbox.claim(10));
    assertThat(claimed).extracting(InboundEvent::platformKey).containsExactly("msg-1", "msg-1");
    assertThat(await(inbox.claim(10))).as("leased events are not handed out twice").isEmpty();
    await(inbox.complete(claimed.stream().map(Completion::new).toList()));
  }

  @Test
  @DisplayName(
      "a genuine callback with NULs and control characters is stored without them, not refused by PostgreSQL")
  void controlCharactersAreDropped() {
    Actor sys = Actor.system(org.tenantA.id(), "callback");
    JsonObject payload =
        new JsonObject()
            .put("text", "跟进\u0000华为\u0007\n电话")
            .put(
                "nested",
                new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("k\u0000", "\u0001v\tw")));
    assertThat(await(inbox.accept(sys, "dingtalk", "nul-1\u0000", "text", "li\u0000si", payload)))
        .isTrue();
    assertThat(
            await(
                Inbox.grouped(db.pool(), 1)
                    .accept(sys, "dingtalk", "nul-2\u0000", "te\u0000xt", "wang\u0000wu", payload)))
        .isTrue();
    List<io.vertx.sqlclient.Row> stored = new ArrayList<>();
    await(
            db.pool()
                .query(
                    "SELECT platform_key, sender, payload FROM inbound_event WHERE platform_key LIKE 'nul-%'"
                        + " ORDER BY platform_key")
                .execute())
        .forEach(stored::add);
    assertThat(stored)
        .extracting(r -> r.getString("platform_key"))
        .containsExactly("nul-1", "nul-2");
    assertThat(stored).extracting(r -> r.getString("sender")).containsExactly("lisi", "wangwu");
    assertThat(stored.get(0).getJsonObject("payload"))
        .isEqualTo(
            new JsonObject()
                .put("text", "跟进华为\n电话")
                .put(
                    "nested",
                    new io.vertx.core.json.JsonArray().add(new JsonObject().put("k", "v\tw"))));
    // processed, so the other tests' claims do not meet them
    await(
        db.pool()
            .query("UPDATE inbound_event SET status = 'done' WHERE platform_key LIKE 'nul-%'")
            .execute());
  }

  @Test
  @DisplayName("callbacks arriving together share a commit and each learns whether it is new")
  void groupedIntake() {
    Inbox intake = Inbox.grouped(db.pool(), 2);
    Actor a = Actor.system(org.tenantA.id(), "callback");
    Actor b = Actor.system(org.tenantB.id(), "callback");
    await(intake.accept(a, "dingtalk", "g-0", "text", "lisi", new JsonObject().put("n", 0)));
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      answers.add(
          intake.accept(a, "dingtalk", "g-" + i, "text", "lisi", new JsonObject().put("n", i)));
    }
    // a twin inside the same burst, and the same id in another company
    answers.add(intake.accept(a, "dingtalk", "g-7", "text", "lisi", new JsonObject()));
    answers.add(intake.accept(b, "dingtalk", "g-7", "text", "x", new JsonObject()));
    await(Future.all(answers));
    long fresh = answers.stream().filter(Future::result).count();
    assertThat(fresh)
        .as("g-0 was there already; one g-7 of company A; company B's g-7 is its own")
        .isEqualTo(300);
    assertThat(answers.get(0).result()).isFalse();
    Long rows =
        await(
            db.pool()
                .query("SELECT count(*) FROM inbound_event WHERE platform_key LIKE 'g-%'")
                .execute()
                .map(r -> r.iterator().next().getLong(0)));
    assertThat(rows).isEqualTo(301);
    JsonObject stored =
        await(
            db.pool()
                .query("SELECT payload FROM inbound_event WHERE platform_key = 'g-42'")
                .execute()
                .map(r -> r.iterator().next().getJsonObject(0)));
    assertThat(stored.getInteger("n")).as("the payload is stored as JSON, intact").isEqualTo(42);
  }

  @Test
  @DisplayName("two senders claiming at once never get the same message")
  void concurrentClaims() {
    Actor sys = Actor.system(org.tenantA.id(), "test");
    for (int i = 0; i < 40; i++) {
      await(outbox.enqueue(sys, "wecom", "lisi", new JsonObject().put("n", i), "claim-" + i));
    }
    List<Future<List<OutboundMessage>>> claimers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claimers.add(outbox.claimDue(15));
    }
    await(Future.all(claimers));
    Set<Long> ids = new HashSet<>();
    int total = 0;
    for (Future<List<OutboundMessage>> f : claimers) {
      for (OutboundMessage m : f.result()) {
        ids.add(m.id());
        total++;
      }
    }
    assertThat(total).isEqualTo(40);
    assertThat(ids).hasSize(40);
  }

  @Test
  void dedupeKeyQueuesALogicalMessageOnce() {
    Actor sys = Actor.system(org.tenantA.id(), "test");
    assertThat(
            await(outbox.enqueue(sys, "wecom", "lisi", new JsonObject(), "reminder-7@2026-11-23")))
        .isNotNull();
    assertThat(
            await(outbox.enqueue(sys, "wecom", "lisi", new JsonObject(), "reminder-7@2026-11-23")))
        .isNull();
  }

  @Test
  void aRetriedMessageComesBackWhenDue() {
    Actor sys = Actor.system(org.tenantB.id(), "test");
    await(
        outbox.enqueue(
            sys, "email", "x@example.com", new JsonObject().put("retry", true), "retry-1"));
    OutboundMessage m =
        await(outbox.claimDue(100)).stream()
            .filter(x -> x.payload().containsKey("retry"))
            .findFirst()
            .orElseThrow();
    await(outbox.retryLater(m, Duration.ZERO, "throttled"));
    OutboundMessage again =
        await(outbox.claimDue(100)).stream()
            .filter(x -> x.id() == m.id())
            .findFirst()
            .orElseThrow();
    assertThat(again.attempts()).isEqualTo(2);
    await(outbox.sentAll(List.of(again), List.of("msgid-1")));
    assertThat(await(outbox.claimDue(100))).noneMatch(x -> x.id() == m.id());
  }

  @Test
  @DisplayName("a reply queued behind a backlog of pushed messages is sent first")
  void repliesBeforePushes() {
    Actor sys = Actor.system(org.tenantA.id(), "test");
    // whatever earlier tests left due must not mix in
    await(
        db.pool()
            .query("UPDATE outbound_message SET status = 'sent' WHERE status = 'pending'")
            .execute());
    for (int i = 0; i < 300; i++) {
      await(
          outbox.enqueuePush(
              sys, "wecom", "user" + i, new JsonObject().put("push", i), "push:backlog-" + i));
    }
    await(
        outbox.enqueue(sys, "wecom", "lisi", new JsonObject().put("reply", "已记录"), "reply:msg-42"));
    List<OutboundMessage> first = await(outbox.claimDue(50));
    assertThat(first).filteredOn(m -> m.payload().containsKey("reply")).hasSize(1);
    assertThat(first)
        .filteredOn(m -> m.payload().containsKey("push"))
        .extracting(m -> m.payload().getInteger("push"))
        .as("pushes keep their order")
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 49).boxed().toList());
  }
}
