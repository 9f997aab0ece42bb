package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.gateway.inbound.CardActions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 defect 3 in chat: a card button key forged to name a colleague's record (a 撤销, 确认 or
 * reminder button, which a chat client lets anyone send) answers exactly like a key naming an id
 * that does not exist, names nothing, and changes nothing.
 */
class ForgedButtonKeysTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final long MISSING = 8_000_000_000L;
  static final String NAME = "赵六的秘密客户";
  static final String DEAL = "赵六的秘密商机";

  static Pool pool;
  static OrgFixture org;
  static CardActions cards;
  static long customer;
  static long followUp;
  static long reminder;
  static long opportunity;
  static long mention;

  @BeforeAll
  static void start() {
    pool = db.pool();
    org = OrgFixture.create(pool);
    Clock clock = Clock.systemUTC();
    Engine engine =
        Engine.on(pool, clock, Engine.Caches.create(), (t, r, o) -> new RecordingNotifier());
    ChatCommands commands = new ChatCommands(engine, null);
    cards =
        new CardActions(
            engine.org(),
            engine.reminders(),
            clock,
            new CommandButtons(engine, commands, db.vertx().eventBus()));
    customer =
        await(new CustomerService(pool).create(org.a(org.rep3), NewCustomer.named(NAME))).id();
    followUp =
        await(
                new FollowUpService(pool, clock)
                    .log(org.a(org.rep3), NewFollowUp.on(customer, "电话", "聊了预算")))
            .id();
    reminder =
        await(
                new ReminderService(pool, clock)
                    .create(
                        org.a(org.rep3),
                        NewReminder.at(Instant.now().plus(1, ChronoUnit.DAYS), "回访")
                            .aboutCustomer(customer)))
            .id();
    opportunity =
        await(
                new OpportunityService(pool)
                    .create(
                        org.a(org.rep3),
                        NewOpportunity.of(customer, DEAL, new BigDecimal("50000"))))
            .id();
    mention =
        await(
                new MentionService(pool)
                    .mention(org.a(org.rep3), org.manager2, customer, null, "看一下"))
            .id();
  }

  /**
   * What lilei's click answers for a key naming the colleague's record and for one naming a missing
   * id.
   */
  private static void sameAsMissing(LongFunction<String> key, long hiddenId) {
    String before = snapshot();
    String hidden =
        await(
            cards.perform(
                org.tenantA.id(), "lilei", key.apply(hiddenId), "click-" + System.nanoTime()));
    String missing =
        await(
            cards.perform(
                org.tenantA.id(), "lilei", key.apply(MISSING), "click-" + System.nanoTime()));
    // the answer may repeat the id the key carries, nothing else
    assertThat(withoutId(hidden, hiddenId))
        .as(key.apply(hiddenId))
        .isEqualTo(withoutId(missing, MISSING));
    assertThat(hidden)
        .as(key.apply(hiddenId))
        .doesNotContain(NAME)
        .doesNotContain(DEAL)
        .doesNotContain("赵六")
        .doesNotContain("没有权限");
    assertThat(snapshot()).as(key.apply(hiddenId) + " changed nothing").isEqualTo(before);
  }

  private static String withoutId(String answer, long id) {
    return answer.replaceAll("(?<!\\d)" + id + "(?!\\d)", "<id>");
  }

  /** The colleague's records as stored. */
  private static String snapshot() {
    Map<String, Object> rows = new LinkedHashMap<>();
    for (String table :
        new String[] {"customer", "follow_up", "reminder", "opportunity", "mention"}) {
      rows.put(
          table,
          await(pool.query("SELECT to_jsonb(t) AS j FROM " + table + " t ORDER BY id").execute())
              .stream()
              .map(r -> String.valueOf(r.getValue("j")))
              .toList());
    }
    return new JsonObject(rows).encode();
  }

  @Test
  @DisplayName("撤销 keys naming a colleague's records answer as for a missing id")
  void undoKeys() {
    sameAsMissing(id -> "undo:customer:" + id, customer);
    sameAsMissing(id -> "undo:followup:" + id, followUp);
    sameAsMissing(id -> "undo:reminder:" + id, reminder);
    sameAsMissing(id -> "undo:opportunity:" + id, opportunity);
    sameAsMissing(id -> "undo:stage:" + id + ":1", opportunity);
    sameAsMissing(id -> "undo:claim:" + id, customer);
    sameAsMissing(id -> "undo:transfer:" + id + ":null", customer);
    sameAsMissing(id -> "undo:level:" + id + ":deal", customer);
    sameAsMissing(id -> "undo:mention:" + id, mention);
  }

  @Test
  @DisplayName(
      "确认 keys, 写跟进 and reminder buttons naming a colleague's records answer as for a missing id")
  void otherKeys() {
    sameAsMissing(id -> "confirm:won:" + id + ":0:abcdefgh", opportunity);
    sameAsMissing(id -> "confirm:lost:" + id + ":0:abcdefgh:5Lu35qC8", opportunity);
    sameAsMissing(id -> "confirm:open:" + id + ":0:abcdefgh:1", opportunity);
    sameAsMissing(id -> "followup.new:" + id, customer);
    sameAsMissing(id -> "followup.new:reminder:" + id, reminder);
    sameAsMissing(id -> "reminder.done:" + id, reminder);
    sameAsMissing(id -> "reminder.snooze:" + id + ":60", reminder);
  }
}
