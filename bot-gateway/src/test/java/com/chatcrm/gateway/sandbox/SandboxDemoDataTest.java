package com.chatcrm.gateway.sandbox;

import static com.chatcrm.engine.testing.OrgFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

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

/** The sandbox companies' demo customers look like a sales team's: mostly 潜在/意向, 成交 where a deal was won. */
class SandboxDemoDataTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName("levels are mostly 潜在 and 意向, some 成交 (every customer with a won deal), few 流失")
  void realisticLevels() {
    OrgFixture org = OrgFixture.create(db.pool());
    int made = await(new SandboxDemoData(db.pool(), Clock.systemUTC()).seed("wecom", org.tenantA.corpId(),
        List.of("zhang", "lilei", "hanmeimei", "chen", "zhaoliu")));
    assertThat(made).isEqualTo(SandboxDemoData.CUSTOMERS);

    Map<String, Integer> levels = new HashMap<>();
    for (Row r : await(db.pool().preparedQuery("SELECT level, count(*) AS n FROM customer WHERE tenant_id = $1 GROUP BY level")
        .execute(Tuple.of(org.tenantA.id())))) {
      levels.put(r.getString("level"), r.getInteger("n"));
    }
    int all = SandboxDemoData.CUSTOMERS;
    assertThat(levels.getOrDefault("potential", 0) + levels.getOrDefault("intent", 0)).as("潜在 + 意向 of %s", levels)
        .isGreaterThanOrEqualTo(all * 6 / 10);
    assertThat(levels.getOrDefault("potential", 0)).as("潜在").isGreaterThan(all / 4);
    assertThat(levels.getOrDefault("intent", 0)).as("意向").isGreaterThan(all / 5);
    assertThat(levels.getOrDefault("deal", 0)).as("成交").isBetween(all / 20, all / 4);
    assertThat(levels.getOrDefault("lost", 0)).as("流失").isBetween(1, all * 15 / 100);
    long wonNotDeal = await(db.pool().preparedQuery("SELECT count(*) FROM customer c WHERE c.tenant_id = $1"
            + " AND c.level <> 'deal' AND EXISTS (SELECT 1 FROM opportunity o WHERE o.tenant_id = c.tenant_id"
            + " AND o.customer_id = c.id AND o.status = 'won')")
        .execute(Tuple.of(org.tenantA.id()))).iterator().next().getLong(0);
    assertThat(wonNotDeal).as("customers with a won deal that are not 成交").isZero();
  }
}
