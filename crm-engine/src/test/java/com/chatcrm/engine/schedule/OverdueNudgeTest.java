package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.engine.testing.RecordingNotifier.Push;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OverdueNudgeTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final OverdueNudgeVerticle.Settings MANUAL =
      new OverdueNudgeVerticle.Settings(
          Duration.ofHours(1), LocalTime.of(9, 0), 3, 30, Duration.ofMinutes(10));

  Vertx other;
  String deployment;

  @AfterEach
  void stop() {
    if (deployment != null) {
      await(db.vertx().undeploy(deployment));
    }
    if (other != null) {
      await(other.close());
    }
  }

  static Instant at(LocalDate day, String time) {
    return day.atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant();
  }

  @Test
  @DisplayName(
      "a pushed, undone reminder nudges its owner each morning once, and after 3 days its manager too")
  void nudgeThenEscalate() {
    OrgFixture org = OrgFixture.create(db.pool());
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(t0);
    ReminderService reminders = new ReminderService(db.pool(), clock);
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("拖延客户")));
    Reminder r =
        await(
            reminders.create(
                org.a(org.rep1),
                NewReminder.at(t0.plusSeconds(60), "回电话确认需求").aboutCustomer(c.id())));
    await(reminders.claimDue(org.tenantA.id(), t0.plusSeconds(60), 200));
    LocalDate dueDay = r.dueAt().atZone(SHANGHAI).toLocalDate();

    RecordingNotifier notifier = new RecordingNotifier();
    OverdueNudgeVerticle a = new OverdueNudgeVerticle(db.pool(), notifier, clock, MANUAL);
    deployment = await(db.vertx().deployVerticle(a));
    other = Vertx.vertx();
    OverdueNudgeVerticle b = new OverdueNudgeVerticle(db.pool(other), notifier, clock, MANUAL);
    await(other.deployVerticle(b));

    clock.set(at(dueDay.plusDays(1), "08:59"));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org)).isEmpty();

    clock.set(at(dueDay.plusDays(1), "09:00"));
    await(Future.all(a.tick(), b.tick()));
    clock.set(at(dueDay.plusDays(1), "15:00"));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep1);
              assertThat(p.notification().title()).isEqualTo("逾期未完成的跟进");
              assertThat(p.notification().markdown()).contains("拖延客户：回电话确认需求（逾期 1 天）");
              assertThat(p.notification().buttons().get(0).key())
                  .isEqualTo("reminder.done:" + r.id());
              assertThat(p.notification().dedupeKey())
                  .isEqualTo(OverdueNudgeVerticle.nudgeKey(org.rep1, dueDay.plusDays(1)));
            });

    clock.set(at(dueDay.plusDays(3), "09:00"));
    await(Future.all(a.tick(), b.tick()));
    await(Future.all(a.tick(), b.tick()));
    List<Push> day3 = pushes(notifier, org).subList(1, pushes(notifier, org).size());
    assertThat(day3).extracting(Push::userId).containsExactlyInAnyOrder(org.rep1, org.manager1);
    assertThat(day3)
        .filteredOn(p -> p.userId() == org.manager1)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.notification().title()).isEqualTo("团队逾期跟进");
              assertThat(p.notification().markdown()).contains("李雷：1 条，最久逾期 3 天");
            });

    Reminder sent = await(reminders.get(org.a(org.rep1), r.id()));
    await(reminders.done(org.a(org.rep1), r.id(), sent.version()));
    clock.set(at(dueDay.plusDays(4), "09:00"));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org)).as("done: no more nudges").hasSize(3);
  }

  static List<Push> pushes(RecordingNotifier notifier, OrgFixture org) {
    return notifier.pushes().stream().filter(p -> p.tenantId() == org.tenantA.id()).toList();
  }
}
