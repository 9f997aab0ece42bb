package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.engine.testing.RecordingNotifier;
import com.chatcrm.engine.testing.RecordingNotifier.Push;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PoolReclaimSchedulingTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final PoolReclaimVerticle.Settings MANUAL =
      new PoolReclaimVerticle.Settings(
          Duration.ofHours(1), LocalTime.of(2, 0), 500, Duration.ofMinutes(30));

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
      "the nightly run warns the owner on the 27th quiet day, once, and returns the customer on the 30th; two nodes, one run")
  void warningsThenReclaim() {
    OrgFixture org = OrgFixture.create(db.pool());
    Customer c =
        await(
            new CustomerService(db.pool())
                .create(
                    org.a(org.rep1), NewCustomer.named("沉睡客户").withLevel(CustomerLevel.POTENTIAL)));
    LocalDate created = c.createdAt().atZoneSameInstant(SHANGHAI).toLocalDate();
    MutableClock clock = new MutableClock(at(created.plusDays(26), "02:00"));
    RecordingNotifier notifier = new RecordingNotifier();
    PoolReclaimVerticle a = new PoolReclaimVerticle(db.pool(), notifier, clock, MANUAL);
    deployment = await(db.vertx().deployVerticle(a));
    other = Vertx.vertx();
    PoolReclaimVerticle b = new PoolReclaimVerticle(db.pool(other), notifier, clock, MANUAL);
    await(other.deployVerticle(b));

    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org)).as("day 26: nothing yet").isEmpty();

    clock.set(at(created.plusDays(27), "01:59"));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org)).as("before the hour").isEmpty();

    clock.set(at(created.plusDays(27), "02:00"));
    await(Future.all(a.tick(), b.tick()));
    clock.set(at(created.plusDays(27), "05:00"));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep1);
              assertThat(p.notification().title()).isEqualTo("客户即将退回公海");
              assertThat(p.notification().markdown()).contains("沉睡客户", "3 天后");
            });

    clock.set(at(created.plusDays(28), "02:00"));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org)).as("warned once per quiet spell").hasSize(1);
    assertThat(await(new CustomerService(db.pool()).get(org.a(org.rep1), c.id())).inPool())
        .isFalse();

    clock.set(at(created.plusDays(30), "02:00"));
    await(Future.all(a.tick(), b.tick()));
    await(Future.all(a.tick(), b.tick()));
    assertThat(pushes(notifier, org)).hasSize(2);
    assertThat(pushes(notifier, org).get(1))
        .satisfies(
            p -> {
              assertThat(p.userId()).isEqualTo(org.rep1);
              assertThat(p.notification().title()).isEqualTo("客户已退回公海");
              assertThat(p.notification().markdown()).contains("沉睡客户");
            });
    assertThat(await(new CustomerService(db.pool()).get(org.a(org.admin), c.id())).inPool())
        .isTrue();
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'reclaim' AND entity_id = $2",
                org.tenantA.id(),
                c.id()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM scheduled_run WHERE tenant_id = $1 AND kind = 'pool_reclaim' AND status = 'done'",
                org.tenantA.id()))
        .as("one run per night that came: days 26, 27, 28, 30")
        .isEqualTo(4);
  }

  static List<Push> pushes(RecordingNotifier notifier, OrgFixture org) {
    return notifier.pushes().stream().filter(p -> p.tenantId() == org.tenantA.id()).toList();
  }

  long count(String sql, Object... args) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }
}
