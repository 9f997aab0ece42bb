package com.chatcrm.engine.followup;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 拜访签到 and the team's 拜访 list, with the permissions of 上下级 and the company's calendar. */
class VisitCheckInTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final AtomicInteger SEQ = new AtomicInteger();

  static OrgFixture org;
  static CustomerService customers;
  static MutableClock clock;
  static FollowUpService followUps;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    customers = new CustomerService(db.pool());
    clock = new MutableClock(Instant.parse("2026-10-01T02:00:00Z"));
    followUps = new FollowUpService(db.pool(), clock);
  }

  static Customer customerOf(long owner) {
    return await(customers.create(org.a(owner), NewCustomer.named("拜访客户" + SEQ.incrementAndGet())));
  }

  static NewVisit at(String place) {
    return NewVisit.at(31.2304, 121.4737, 35.0, place);
  }

  static List<String> visitors(long actor, String from, String to, Long userId) {
    TeamVisits.Result r =
        await(
            followUps.teamVisits(
                org.a(actor),
                new TeamVisits.Query(LocalDate.parse(from), LocalDate.parse(to), userId)));
    return r.items().stream().map(f -> f.authorName() + "@" + f.customerName()).toList();
  }

  @Test
  @DisplayName(
      "a check-in is a 拜访 at the server's time with the place and position, on the timeline and audited")
  void checkIn() {
    clock.set(Instant.parse("2026-10-02T03:04:05.123456Z"));
    Customer c = customerOf(org.rep1);
    FollowUp f =
        await(
            followUps.checkIn(
                org.a(org.rep1),
                c.id(),
                new NewVisit(31.2304, 121.4737, 35.0, "  星河大厦 12 楼 ", "上海市浦东新区星河路 1 号", null)));

    assertThat(f.method()).isEqualTo(FollowUpMethod.VISIT);
    assertThat(f.happenedAt()).isEqualTo(Instant.parse("2026-10-02T03:04:05.123456Z"));
    assertThat(f.content()).isEqualTo("拜访签到：星河大厦 12 楼");
    assertThat(f.checkIn().place()).isEqualTo("星河大厦 12 楼");
    assertThat(f.checkIn().address()).isEqualTo("上海市浦东新区星河路 1 号");
    assertThat(f.checkIn().latitude()).isEqualTo(31.2304);
    assertThat(f.checkIn().longitude()).isEqualTo(121.4737);
    assertThat(f.checkIn().accuracyM()).isEqualTo(35.0);
    assertThat(f.checkIn().checkedInAt()).isEqualTo(f.happenedAt());
    assertThat(f.authorName()).isEqualTo("李雷");

    TimelinePage page = await(followUps.timeline(org.a(org.manager1), c.id(), null, 10));
    assertThat(page.items()).singleElement().satisfies(t -> assertThat(t.checkIn()).isNotNull());
    assertThat(await(customers.get(org.a(org.rep1), c.id())).lastFollowUpAt().toInstant())
        .isEqualTo(f.happenedAt());
    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "follow_up", f.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("create");
              assertThat(e.changes().getString("method")).isEqualTo("visit");
              assertThat(e.changes().getDouble("latitude")).isEqualTo(31.2304);
              assertThat(e.changes().getString("place")).isEqualTo("星河大厦 12 楼");
            });

    // a note replaces the default words; no place still says where
    clock.advance(Duration.ofMinutes(5));
    FollowUp noted =
        await(
            followUps.checkIn(
                org.a(org.rep1), c.id(), new NewVisit(-33.5, -70.25, null, null, null, "带了样品")));
    assertThat(noted.content()).isEqualTo("带了样品");
    assertThat(noted.checkIn().place()).isNull();
    FollowUp bare = await(followUps.checkIn(org.a(org.rep2), customerOf(org.rep2).id(), at(null)));
    assertThat(bare.content()).isEqualTo("拜访签到：北纬 31.2304，东经 121.4737");
  }

  @Test
  @DisplayName("a second tap within a minute is the same check-in; later it is another visit")
  void doubleTap() {
    clock.set(Instant.parse("2026-10-03T03:00:00Z"));
    Customer c = customerOf(org.rep1);
    FollowUp first = await(followUps.checkIn(org.a(org.rep1), c.id(), at("客户门口")));
    clock.advance(Duration.ofSeconds(30));
    assertThat(await(followUps.checkIn(org.a(org.rep1), c.id(), at("客户门口"))).id())
        .isEqualTo(first.id());
    clock.advance(Duration.ofMinutes(2));
    assertThat(await(followUps.checkIn(org.a(org.rep1), c.id(), at("客户门口"))).id())
        .isNotEqualTo(first.id());
  }

  @Test
  @DisplayName("missing or impossible coordinates are refused in Chinese, naming the field")
  void coordinatesAreChecked() {
    Customer c = customerOf(org.rep1);
    record Case(NewVisit visit, String field, String words) {}
    for (Case k :
        List.of(
            new Case(new NewVisit(null, 121.0, null, null, null, null), "latitude", "缺少定位"),
            new Case(new NewVisit(31.0, null, null, null, null, null), "longitude", "缺少定位"),
            new Case(
                new NewVisit(90.5, 121.0, null, null, null, null), "latitude", "纬度必须在 -90 到 90 之间"),
            new Case(new NewVisit(31.0, -180.1, null, null, null, null), "longitude", "经度必须在"),
            new Case(new NewVisit(Double.NaN, 1.0, null, null, null, null), "latitude", "纬度"),
            new Case(new NewVisit(31.0, 121.0, -1.0, null, null, null), "accuracy", "定位精度"),
            new Case(
                new NewVisit(31.0, 121.0, null, "地".repeat(201), null, null), "place", "地点不能超过"))) {
      assertThatThrownBy(() -> await(followUps.checkIn(org.a(org.rep1), c.id(), k.visit())))
          .isInstanceOf(InvalidInput.class)
          .hasMessageContaining(k.words())
          .satisfies(
              e ->
                  assertThat(((InvalidInput) e).details().getString("field")).isEqualTo(k.field()));
    }
  }

  @Test
  @DisplayName(
      "only who may follow the customer up checks in; a customer one may not see answers as missing")
  void checkInPermissions() {
    clock.set(Instant.parse("2026-10-04T03:00:00Z"));
    Customer c = customerOf(org.rep1);
    String missing = "客户不存在（" + c.id() + "）";
    for (var stranger : List.of(org.a(org.rep2), org.a(org.manager2), org.a(org.rep3), org.b())) {
      assertThatThrownBy(() -> await(followUps.checkIn(stranger, c.id(), at("门口"))))
          .isInstanceOf(NotFound.class)
          .hasMessage(missing);
    }
    assertThatThrownBy(() -> await(followUps.checkIn(org.a(org.rep1), 999_999_999L, at("门口"))))
        .isInstanceOf(NotFound.class);
    assertThat(await(followUps.checkIn(org.a(org.manager1), c.id(), at("门口"))).authorName())
        .isEqualTo("张经理");
    assertThat(await(followUps.checkIn(org.a(org.admin), c.id(), at("门口"))).authorName())
        .isEqualTo("王总");
    assertThat(await(followUps.timeline(org.a(org.rep1), c.id(), null, 10)).items()).hasSize(2);
  }

  @Test
  @DisplayName(
      "the team list: a rep sees their own, a manager their departments', an admin all, by the company's days")
  void teamVisits() {
    // 23:59 and 00:01 in Shanghai (UTC+8) fall on 11月7日 and 11月8日
    clock.set(Instant.parse("2026-11-07T15:59:00Z"));
    Customer lileis = customerOf(org.rep1);
    await(followUps.checkIn(org.a(org.rep1), lileis.id(), at("李雷的客户")));
    clock.set(Instant.parse("2026-11-07T16:01:00Z"));
    Customer hans = customerOf(org.rep2);
    await(followUps.checkIn(org.a(org.rep2), hans.id(), at("韩梅梅的客户")));
    clock.set(Instant.parse("2026-11-06T16:00:00Z")); // 00:00 on 11月7日 in Shanghai
    Customer zhaos = customerOf(org.rep3);
    await(followUps.checkIn(org.a(org.rep3), zhaos.id(), at("赵六的客户")));
    // a visit written in chat is on the list too; a phone call is not
    clock.set(Instant.parse("2026-11-08T01:00:00Z"));
    await(
        followUps.log(
            org.a(org.rep1),
            NewFollowUp.on(lileis.id(), "拜访", "上门聊了方案").at(Instant.parse("2026-11-07T05:00:00Z"))));
    await(
        followUps.log(
            org.a(org.rep1),
            NewFollowUp.on(lileis.id(), "电话", "电话回访").at(Instant.parse("2026-11-07T06:00:00Z"))));

    String l = "李雷@" + lileis.name();
    String h = "韩梅梅@" + hans.name();
    String z = "赵六@" + zhaos.name();
    assertThat(visitors(org.rep1, "2026-11-07", "2026-11-07", null)).containsExactly(l, l);
    assertThat(visitors(org.rep2, "2026-11-07", "2026-11-07", null)).isEmpty();
    assertThat(visitors(org.rep2, "2026-11-08", "2026-11-08", null)).containsExactly(h);
    assertThat(visitors(org.manager1, "2026-11-07", "2026-11-07", null)).containsExactly(l, l);
    assertThat(visitors(org.manager1, "2026-11-07", "2026-11-08", null)).containsExactly(h, l, l);
    assertThat(visitors(org.manager2, "2026-11-07", "2026-11-08", null)).containsExactly(z);
    assertThat(visitors(org.admin, "2026-11-07", "2026-11-07", null)).containsExactly(l, l, z);
    assertThat(visitors(org.admin, "2026-11-06", "2026-11-06", null)).isEmpty();
    // one person: only within reach
    assertThat(visitors(org.admin, "2026-11-07", "2026-11-08", org.rep2)).containsExactly(h);
    assertThat(visitors(org.manager1, "2026-11-07", "2026-11-08", org.rep3)).isEmpty();
    assertThat(visitors(org.rep1, "2026-11-07", "2026-11-08", org.rep2)).isEmpty();
    // another company sees none of it
    assertThat(
            await(
                    followUps.teamVisits(
                        org.b(),
                        new TeamVisits.Query(
                            LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), null)))
                .items())
        .isEmpty();
    assertThatThrownBy(() -> visitors(org.admin, "2026-11-08", "2026-11-07", null))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("结束日期不能早于开始日期");
  }

  @Test
  @DisplayName("a check-in stays a 拜访: its author may correct the words but not the method")
  void checkInStaysAVisit() {
    clock.set(Instant.now());
    Customer c = customerOf(org.rep1);
    FollowUp f = await(followUps.checkIn(org.a(org.rep1), c.id(), at("门口")));
    assertThat(await(followUps.edit(org.a(org.rep1), f.id(), "谈了续约", null)).checkIn().place())
        .isEqualTo("门口");
    assertThatThrownBy(() -> await(followUps.edit(org.a(org.rep1), f.id(), null, "电话")))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("拜访签到的跟进方式不能改");
  }
}
