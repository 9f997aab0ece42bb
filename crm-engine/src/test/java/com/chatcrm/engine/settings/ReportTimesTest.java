package com.chatcrm.engine.settings;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReportTimesTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  ReportTimes times;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    times = new ReportTimes(db.pool(), new AdminRoles(db.pool()));
  }

  JsonObject settings() {
    return await(
            db.pool()
                .preparedQuery("SELECT settings FROM tenant WHERE tenant_id = $1")
                .execute(Tuple.of(org.tenantA.id())))
        .iterator()
        .next()
        .getJsonObject("settings");
  }

  @Test
  @DisplayName(
      "a new company has no times of its own; an admin sets both, the rest of the settings stays, audited")
  void adminSetsBothTimes() {
    assertThat(await(times.get(org.a(org.admin)))).isEqualTo(new ReportTimes.Times(null, null));
    await(
        db.pool()
            .preparedQuery("UPDATE tenant SET settings = $2 WHERE tenant_id = $1")
            .execute(
                Tuple.of(
                    org.tenantA.id(),
                    new JsonObject()
                        .put("other", 1)
                        .put("schedule", new JsonObject().put("poolReclaimAt", "02:00")))));

    ReportTimes.Times set =
        await(
            times.update(
                org.a(org.admin), Map.of(ReportTimes.DAILY, "17:45", ReportTimes.WEEKLY, "08:15")));
    assertThat(set).isEqualTo(new ReportTimes.Times(LocalTime.of(17, 45), LocalTime.of(8, 15)));
    assertThat(await(times.get(org.a(org.admin)))).isEqualTo(set);
    assertThat(settings().getInteger("other")).isEqualTo(1);
    assertThat(settings().getJsonObject("schedule").getString("poolReclaimAt")).isEqualTo("02:00");
    assertThat(settings().getJsonObject("schedule").getString("dailyReportAt")).isEqualTo("17:45");

    List<AuditEntry> history =
        await(
            AuditQueries.history(db.pool(), org.tenantA.id(), "report_schedule", org.tenantA.id()));
    assertThat(history)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actorId()).isEqualTo(org.admin);
              assertThat(e.changes().fieldNames())
                  .containsExactlyInAnyOrder("dailyReportAt", "weeklyReportAt");
              assertThat(e.changes().getJsonObject("dailyReportAt").getValue("from")).isNull();
              assertThat(e.changes().getJsonObject("dailyReportAt").getString("to"))
                  .isEqualTo("17:45");
            });
  }

  @Test
  @DisplayName(
      "a time not named stays; null goes back to the configured time; the same again is not audited")
  void partialChanges() {
    await(times.update(org.a(org.admin), Map.of(ReportTimes.DAILY, "18:00")));
    await(times.update(org.a(org.admin), Map.of(ReportTimes.WEEKLY, "10:00")));
    assertThat(await(times.get(org.a(org.admin))))
        .isEqualTo(new ReportTimes.Times(LocalTime.of(18, 0), LocalTime.of(10, 0)));
    Map<String, String> clear = new HashMap<>();
    clear.put(ReportTimes.DAILY, null);
    assertThat(await(times.update(org.a(org.admin), clear)))
        .isEqualTo(new ReportTimes.Times(null, LocalTime.of(10, 0)));
    await(times.update(org.a(org.admin), Map.of(ReportTimes.WEEKLY, "10:00")));
    assertThat(
            await(
                AuditQueries.history(
                    db.pool(), org.tenantA.id(), "report_schedule", org.tenantA.id())))
        .hasSize(3);
  }

  @Test
  @DisplayName(
      "a time that is not HH:mm is refused naming the field, in Chinese; nothing is written")
  void invalidTimes() {
    for (String bad : new String[] {"24:00", "9:00", "18:30:00", "18.30", "", "下午六点"}) {
      assertThatThrownBy(
              () -> await(times.update(org.a(org.admin), Map.of(ReportTimes.DAILY, bad))))
          .as(bad)
          .isInstanceOf(InvalidInput.class)
          .hasMessageContaining("HH:mm")
          .satisfies(
              e ->
                  assertThat(((InvalidInput) e).details().getString("field"))
                      .isEqualTo("dailyReportAt"));
    }
    assertThatThrownBy(() -> await(times.update(org.a(org.admin), Map.of("lunchAt", "12:00"))))
        .isInstanceOf(InvalidInput.class);
    assertThat(settings().containsKey("schedule")).isFalse();
  }

  @Test
  @DisplayName("reps and managers may neither read nor change the times")
  void onlyAdmins() {
    for (long user : new long[] {org.rep1, org.manager1}) {
      assertThatThrownBy(() -> await(times.get(org.a(user)))).isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(times.update(org.a(user), Map.of(ReportTimes.DAILY, "08:00"))))
          .isInstanceOf(Forbidden.class);
    }
    assertThat(settings().containsKey("schedule")).isFalse();
  }
}
