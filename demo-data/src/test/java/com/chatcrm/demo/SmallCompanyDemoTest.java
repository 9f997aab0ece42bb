package com.chatcrm.demo;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox companies' demo customers look like a sales team's: mostly 潜在/意向, 成交 where a deal was
 * won.
 */
class SmallCompanyDemoTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName("levels are mostly 潜在 and 意向, some 成交 (every customer with a won deal), few 流失")
  void realisticLevels() {
    OrgFixture org = OrgFixture.create(db.pool());
    int made =
        await(
            new SmallCompanyDemo(Engine.on(db.pool(), Clock.systemUTC()))
                .seed(
                    "wecom",
                    org.tenantA.corpId(),
                    List.of("zhang", "lilei", "hanmeimei", "chen", "zhaoliu")));
    assertThat(made).isEqualTo(SmallCompanyDemo.CUSTOMERS);

    Map<String, Integer> levels = new HashMap<>();
    for (Row r :
        await(
            db.pool()
                .preparedQuery(
                    "SELECT level, count(*) AS n FROM customer WHERE tenant_id = $1 GROUP BY level")
                .execute(Tuple.of(org.tenantA.id())))) {
      levels.put(r.getString("level"), r.getInteger("n"));
    }
    int all = SmallCompanyDemo.CUSTOMERS;
    assertThat(levels.getOrDefault("potential", 0) + levels.getOrDefault("intent", 0))
        .as("潜在 + 意向 of %s", levels)
        .isGreaterThanOrEqualTo(all * 6 / 10);
    assertThat(levels.getOrDefault("potential", 0)).as("潜在").isGreaterThan(all / 4);
    assertThat(levels.getOrDefault("intent", 0)).as("意向").isGreaterThan(all / 5);
    assertThat(levels.getOrDefault("deal", 0)).as("成交").isBetween(all / 20, all / 4);
    assertThat(levels.getOrDefault("lost", 0)).as("流失").isBetween(1, all * 15 / 100);
    long wonNotDeal =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT count(*) FROM customer c WHERE c.tenant_id = $1"
                            + " AND c.level <> 'deal' AND EXISTS (SELECT 1 FROM opportunity o WHERE o.tenant_id = c.tenant_id"
                            + " AND o.customer_id = c.id AND o.status = 'won')")
                    .execute(Tuple.of(org.tenantA.id())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(wonNotDeal).as("customers with a won deal that are not 成交").isZero();
  }

  @Test
  @DisplayName(
      "the demo happened over the past five weeks: today's report is not full of its wins, customers and moves")
  void historySpreadOverPastWeeks() {
    OrgFixture org = OrgFixture.create(db.pool());
    await(
        new SmallCompanyDemo(Engine.on(db.pool(), Clock.systemUTC()))
            .seed(
                "wecom",
                org.tenantA.corpId(),
                List.of("zhang", "lilei", "hanmeimei", "chen", "zhaoliu")));
    // counts before the start of the tenant's day (yesterday and back to five weeks) and from it
    // (today)
    String day = "date_trunc('day', now() AT TIME ZONE t.time_zone) AT TIME ZONE t.time_zone";
    Row today =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT"
                            + " (SELECT count(*) FROM customer c WHERE c.tenant_id = t.tenant_id AND c.created_at >= "
                            + day
                            + ") AS new_today,"
                            + " (SELECT count(*) FROM customer c WHERE c.tenant_id = t.tenant_id AND c.created_at < "
                            + day
                            + "   AND c.created_at >= "
                            + day
                            + " - interval '36 days') AS new_before,"
                            + " (SELECT count(DISTINCT (c.created_at AT TIME ZONE t.time_zone)::date) FROM customer c"
                            + "   WHERE c.tenant_id = t.tenant_id) AS creation_days,"
                            + " (SELECT count(*) FROM opportunity o WHERE o.tenant_id = t.tenant_id AND o.status = 'won'"
                            + "   AND o.closed_at >= "
                            + day
                            + ") AS won_today,"
                            + " (SELECT count(*) FROM opportunity o WHERE o.tenant_id = t.tenant_id AND o.status = 'won'"
                            + "   AND o.closed_at < "
                            + day
                            + " AND o.closed_at >= "
                            + day
                            + " - interval '36 days') AS won_before,"
                            + " (SELECT count(*) FROM opportunity o WHERE o.tenant_id = t.tenant_id AND o.status <> 'open'"
                            + "   AND o.closed_at < o.created_at) AS closed_before_created,"
                            + " (SELECT count(*) FROM opportunity_stage_move m WHERE m.tenant_id = t.tenant_id"
                            + "   AND m.from_stage_id IS NOT NULL AND m.moved_at >= "
                            + day
                            + ") AS moves_today,"
                            + " (SELECT count(*) FROM opportunity_stage_move m WHERE m.tenant_id = t.tenant_id"
                            + "   AND m.from_stage_id IS NOT NULL AND m.moved_at < "
                            + day
                            + "   AND m.moved_at >= "
                            + day
                            + " - interval '36 days') AS moves_before"
                            + " FROM tenant t WHERE t.tenant_id = $1")
                    .execute(Tuple.of(org.tenantA.id())))
            .iterator()
            .next();
    assertThat(today.getLong("new_today")).as("新客户 today").isLessThanOrEqualTo(3);
    assertThat(today.getLong("won_today")).as("赢单 today").isLessThanOrEqualTo(3);
    assertThat(today.getLong("moves_today")).as("阶段推进 today").isLessThanOrEqualTo(3);
    assertThat(today.getLong("new_before"))
        .as("customers made over the past five weeks")
        .isGreaterThanOrEqualTo(SmallCompanyDemo.CUSTOMERS - 3);
    assertThat(today.getLong("creation_days"))
        .as("days customers were made on")
        .isGreaterThanOrEqualTo(20);
    assertThat(today.getLong("won_before"))
        .as("deals won over the past five weeks")
        .isGreaterThanOrEqualTo(10);
    assertThat(today.getLong("moves_before"))
        .as("stage moves over the past five weeks")
        .isGreaterThanOrEqualTo(10);
    assertThat(today.getLong("closed_before_created"))
        .as("deals closed before they were made")
        .isZero();
  }
}
