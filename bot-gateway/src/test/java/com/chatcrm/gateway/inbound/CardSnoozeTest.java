package com.chatcrm.gateway.inbound;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 推迟1小时 and 明天再说 on a reminder card, as the tap reads them: an hour after now or after the due
 * time, whichever is later; tomorrow (from the tap) at 09:00 in the tenant's zone. Old keys that
 * carry a minute count keep working under the same rule.
 */
class CardSnoozeTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static OrgFixture org;
  static MutableClock clock;
  static ReminderService reminders;
  static CardActions cards;

  @BeforeAll
  static void start() {
    org = OrgFixture.create(db.pool());
    clock = new MutableClock(beijing("2026-12-07T04:00"));
    reminders = new ReminderService(db.pool(), clock);
    cards = new CardActions(new OrgService(db.pool()), reminders, clock);
  }

  static Instant beijing(String local) {
    return java.time.LocalDateTime.parse(local).atZone(BEIJING).toInstant();
  }

  Reminder dueAt(String local) {
    clock.set(beijing("2026-12-07T04:00"));
    return await(reminders.create(org.a(org.rep1), NewReminder.at(beijing(local), "给星河发合同")));
  }

  ZonedDateTime storedDue(Reminder r) {
    return await(reminders.get(org.a(org.rep1), r.id())).dueAt().atZone(BEIJING);
  }

  @Test
  @DisplayName(
      "推迟1小时 tapped before the due time moves it an hour after the due time, never earlier")
  void hourBeforeDue() {
    Reminder r = dueAt("2026-12-07T06:45");
    clock.set(beijing("2026-12-07T04:50"));
    String answer =
        await(cards.perform(org.tenantA.id(), "lilei", "reminder.snooze:" + r.id() + ":60", "c1"));
    assertThat(storedDue(r).toLocalDateTime()).hasToString("2026-12-07T07:45");
    assertThat(answer).contains("12月7日 07:45");
  }

  @Test
  @DisplayName("推迟1小时 tapped after the due time moves it an hour after the tap")
  void hourAfterDue() {
    Reminder r = dueAt("2026-12-07T06:45");
    clock.set(beijing("2026-12-07T08:10"));
    String answer =
        await(cards.perform(org.tenantA.id(), "lilei", "reminder.snooze:" + r.id() + ":60", "c2"));
    assertThat(storedDue(r).toLocalDateTime()).hasToString("2026-12-07T09:10");
    assertThat(answer).contains("09:10");
  }

  @Test
  @DisplayName(
      "明天再说 is tomorrow 09:00 in the tenant's zone, counted from the tap, even on an old minute-count key")
  void tomorrowFromTheTap() {
    Reminder r = dueAt("2026-12-07T06:45");
    // tapped late in the Beijing evening: in UTC it is still the afternoon, tomorrow is 12月8日 for
    // the user
    clock.set(beijing("2026-12-07T23:30"));
    String answer =
        await(
            cards.perform(
                org.tenantA.id(), "lilei", "reminder.snooze:" + r.id() + ":tomorrow", "c3"));
    assertThat(storedDue(r).toLocalDateTime()).hasToString("2026-12-08T09:00");
    assertThat(answer).contains("12月8日 09:00");

    // an old card's 明天再说 counted 1,570 minutes when it was sent on the 6th; tapped on the 8th it
    // means the 9th
    Reminder old = dueAt("2026-12-07T06:45");
    clock.set(beijing("2026-12-08T10:00"));
    await(cards.perform(org.tenantA.id(), "lilei", "reminder.snooze:" + old.id() + ":1570", "c4"));
    assertThat(storedDue(old).toLocalDateTime()).hasToString("2026-12-09T09:00");
  }
}
