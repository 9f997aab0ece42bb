package com.chatcrm.engine.conversation;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConversationServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-23T02:00:00Z"));
  static ConversationService conversations;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    conversations = new ConversationService(db.pool(), clock);
  }

  @Test
  @DisplayName(
      "a question is answered once, per user and tenant; a later question replaces an earlier one")
  void askAndTake() {
    await(
        conversations.ask(
            org.a(org.rep1), new JsonObject().put("slot", "customer"), Duration.ofMinutes(5)));
    await(
        conversations.ask(
            org.a(org.rep1), new JsonObject().put("slot", "due"), Duration.ofMinutes(5)));
    assertThat(await(conversations.take(org.a(org.rep2)))).isNull();
    assertThat(await(conversations.take(org.b()))).isNull();
    assertThat(await(conversations.take(org.a(org.rep1))).getString("slot")).isEqualTo("due");
    assertThat(await(conversations.take(org.a(org.rep1)))).isNull();
  }

  @Test
  @DisplayName("an expired question is gone")
  void expires() {
    await(
        conversations.ask(
            org.a(org.rep3), new JsonObject().put("slot", "customer"), Duration.ofMinutes(5)));
    now.set(now.get().plus(Duration.ofMinutes(6)));
    assertThat(await(conversations.take(org.a(org.rep3)))).isNull();
  }
}
