package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionVerticleTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName("old processed callbacks and sent messages go; pending ones and recent ones stay")
  void oldBookkeepingGoes() {
    OrgFixture org = OrgFixture.create(db.pool());
    Actor sys = Actor.system(org.tenantA.id(), "t");
    Inbox inbox = new Inbox(db.pool());
    Outbox outbox = new Outbox(db.pool());
    await(inbox.accept(sys, "wecom", "old-done", "text", "u", new JsonObject()));
    await(inbox.accept(sys, "wecom", "old-pending", "text", "u", new JsonObject()));
    await(inbox.accept(sys, "wecom", "new-done", "text", "u", new JsonObject()));
    await(outbox.enqueue(sys, "wecom", "u", new JsonObject(), "old-sent"));
    await(outbox.enqueue(sys, "wecom", "u", new JsonObject(), "old-pending"));
    execute(
        "UPDATE inbound_event SET status = 'done' WHERE platform_key IN ('old-done', 'new-done')");
    execute(
        "UPDATE inbound_event SET received_at = now() - interval '40 days' WHERE platform_key LIKE 'old-%'");
    execute("UPDATE outbound_message SET created_at = now() - interval '40 days'");
    execute("UPDATE outbound_message SET status = 'sent' WHERE dedupe_key = 'old-sent'");

    RetentionVerticle retention =
        new RetentionVerticle(db.pool(), Clock.systemUTC(), RetentionVerticle.Settings.defaults());
    await(db.vertx().deployVerticle(retention));
    assertThat(await(retention.tick())).isEqualTo(2);

    assertThat(keys("SELECT platform_key FROM inbound_event"))
        .containsExactlyInAnyOrder("old-pending", "new-done");
    assertThat(keys("SELECT dedupe_key FROM outbound_message")).containsExactly("old-pending");
    assertThat(await(retention.tick())).as("a second pass finds nothing").isZero();
  }

  @Test
  @DisplayName(
      "callback signatures are remembered until they expire, then the retention pass removes them")
  void expiredSignaturesGo() {
    OrgFixture org = OrgFixture.create(db.pool());
    CallbackSignatures signatures = new CallbackSignatures(db.pool());
    Instant now = Instant.now();
    long tenant = org.tenantA.id();
    assertThat(await(signatures.bind(tenant, 1, "old", "msg:1", now.minusSeconds(60)))).isTrue();
    assertThat(await(signatures.bind(tenant, 2, "live", "msg:2", now.plusSeconds(3600)))).isTrue();
    assertThat(await(signatures.bind(tenant, 2, "live", "msg:2", now.plusSeconds(3600))))
        .as("a re-delivery")
        .isTrue();
    for (int i = 3; i <= CallbackSignatures.MESSAGES_PER_SIGNATURE + 1; i++) {
      assertThat(await(signatures.bind(tenant, 2, "live", "msg:" + i, now.plusSeconds(3600))))
          .as("message %d of one signature (genuine ones may share a millisecond)", i - 1)
          .isTrue();
    }
    assertThat(await(signatures.bind(tenant, 2, "live", "msg:99", now.plusSeconds(3600))))
        .as("a replay")
        .isFalse();
    assertThat(await(signatures.bind(org.tenantB.id(), 2, "live", "msg:3", now.plusSeconds(3600))))
        .as("another company's signature")
        .isTrue();

    RetentionVerticle retention =
        new RetentionVerticle(db.pool(), Clock.systemUTC(), RetentionVerticle.Settings.defaults());
    await(db.vertx().deployVerticle(retention));
    await(retention.tick());
    assertThat(keys("SELECT DISTINCT sign FROM callback_signature WHERE tenant_id = " + tenant))
        .containsExactly("live");
  }

  @Test
  @DisplayName("one pass removes every old row in batch after batch, not one batch an hour")
  void onePassKeepsUp() {
    OrgFixture org = OrgFixture.create(db.pool());
    Actor sys = Actor.system(org.tenantB.id(), "t");
    Inbox inbox = new Inbox(db.pool());
    for (int i = 0; i < 7; i++) {
      await(inbox.accept(sys, "wecom", "many-" + i, "text", "u", new JsonObject()));
    }
    execute(
        "UPDATE inbound_event SET status = 'done', received_at = now() - interval '40 days'"
            + " WHERE platform_key LIKE 'many-%'");
    RetentionVerticle retention =
        new RetentionVerticle(
            db.pool(),
            Clock.systemUTC(),
            new RetentionVerticle.Settings(
                Duration.ofHours(1),
                Duration.ofDays(30),
                Duration.ofDays(30),
                Duration.ofDays(2),
                2));
    await(db.vertx().deployVerticle(retention));
    await(retention.tick());
    assertThat(keys("SELECT platform_key FROM inbound_event WHERE platform_key LIKE 'many-%'"))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "inbox retention shorter than a callback's replay window is refused: a replay would find no key")
  void inboxOutlivesEveryReplayWindow() {
    Duration twoHours = Inbox.WIDEST_CALLBACK_WINDOW.multipliedBy(2);
    assertThatThrownBy(
            () ->
                new RetentionVerticle.Settings(
                    Duration.ofHours(1), twoHours, Duration.ofDays(30), Duration.ofDays(2), 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetentionVerticle.Settings.defaults().inbox()).isGreaterThan(twoHours);
  }

  private static void execute(String sql) {
    await(db.pool().query(sql).execute());
  }

  private static java.util.List<String> keys(String sql) {
    java.util.List<String> out = new java.util.ArrayList<>();
    await(db.pool().query(sql).execute()).forEach(r -> out.add(r.getString(0)));
    return out;
  }
}
