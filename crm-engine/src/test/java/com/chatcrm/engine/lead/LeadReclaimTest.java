package com.chatcrm.engine.lead;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeadReclaimTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final LeadReclaimVerticle.Settings MANUAL =
      new LeadReclaimVerticle.Settings(Duration.ofHours(1), 3, Duration.ofSeconds(60));

  final List<String> deployments = new ArrayList<>();

  @AfterEach
  void stop() {
    deployments.forEach(d -> await(db.vertx().undeploy(d)));
    deployments.clear();
  }

  @Test
  @DisplayName(
      "two nodes reclaiming at once, tenant by tenant: every lead 未处理 past its days goes back to the 线索池 exactly once, in every enabled tenant; fresh, contacted and disabled tenants' leads stay")
  void twoNodesReclaimEachLeadOnce() {
    OrgFixture org = OrgFixture.create(db.pool());
    OrgFixture off = OrgFixture.create(db.pool());
    long a = org.tenantA.id();
    long b = org.tenantB.id();
    // more than a batch in tenant A, so that both nodes take batches of the same tenant together
    seed(a, org.rep1, LeadReclaimVerticle.BATCH * 2 + 37, "4 days", "new");
    seed(a, org.rep3, 5, "1 day", "new");
    seed(a, org.rep1, 4, "5 days", "contacted");
    seed(b, org.outsider, 3, "10 days", "new");
    seed(off.tenantA.id(), off.rep1, 6, "10 days", "new");
    await(
        db.pool()
            .preparedQuery("UPDATE tenant SET disabled_at = now() WHERE tenant_id = $1")
            .execute(Tuple.of(off.tenantA.id())));

    LeadReclaimVerticle one = deployed();
    LeadReclaimVerticle two = deployed();
    Future<Integer> first = one.tick();
    Future<Integer> second = two.tick();
    int reclaimed = await(first) + await(second);

    int due = LeadReclaimVerticle.BATCH * 2 + 37 + 3;
    assertThat(reclaimed).as("leads the two nodes say they returned").isEqualTo(due);
    String mine = " AND tenant_id IN (" + a + ", " + b + ")";
    assertThat(count("SELECT count(*) FROM lead WHERE owner_id IS NULL" + mine)).isEqualTo(due);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE entity_type = 'lead' AND action = 'reclaim'"
                    + mine))
        .as("one audit row per lead")
        .isEqualTo(due);
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT entity_id FROM audit_log WHERE action = 'reclaim'"
                    + " GROUP BY tenant_id, entity_id HAVING count(*) > 1) twice"))
        .as("no lead reclaimed twice")
        .isZero();
    assertThat(count("SELECT count(*) FROM lead WHERE tenant_id = " + b + " AND owner_id IS NULL"))
        .isEqualTo(3);
    assertThat(
            count(
                "SELECT count(*) FROM lead WHERE tenant_id = "
                    + off.tenantA.id()
                    + " AND owner_id IS NULL"))
        .as("a disabled company's leads stay")
        .isZero();
    assertThat(await(one.tick()) + await(two.tick())).as("nothing left for the next pass").isZero();
  }

  @Test
  @DisplayName(
      "a tenant's reclaim reads lead_untouched_idx in assigned order and stops at its batch: no sort of the untouched leads")
  void reclaimIsServedByTheIndexWithoutASort() {
    OrgFixture org = OrgFixture.create(db.pool());
    long a = org.tenantA.id();
    seed(a, org.rep1, 3_000, "4 days", "new");
    seed(a, org.rep2, 3_000, "1 day", "new");
    seed(org.tenantB.id(), org.outsider, 3_000, "4 days", "new");
    await(db.pool().query("ANALYZE lead").execute());
    try {
      assertPlanWithoutSort(a);
    } finally {
      // the other test counts what a pass reclaims
      await(
          db.pool()
              .preparedQuery("DELETE FROM lead WHERE tenant_id IN ($1, $2)")
              .execute(Tuple.of(a, org.tenantB.id())));
    }
  }

  private static void assertPlanWithoutSort(long a) {
    JsonObject plan =
        await(
            db.pool()
                .preparedQuery("EXPLAIN (FORMAT JSON) " + LeadReclaimVerticle.RECLAIM)
                .execute(
                    Tuple.of(
                        a,
                        Clock.systemUTC()
                            .instant()
                            .minus(Duration.ofDays(3))
                            .atOffset(ZoneOffset.UTC),
                        LeadReclaimVerticle.BATCH))
                .map(rows -> plan(rows.iterator().next())));
    List<String> nodes = new ArrayList<>();
    nodes(plan, nodes);
    assertThat(nodes).as("plan nodes: %s", plan.encodePrettily()).doesNotContain("Sort");
    assertThat(nodes).contains("Limit", "LockRows", "Index Scan lead_untouched_idx");
  }

  private LeadReclaimVerticle deployed() {
    LeadReclaimVerticle v = new LeadReclaimVerticle(db.pool(), Clock.systemUTC(), MANUAL);
    deployments.add(await(db.vertx().deployVerticle(v)));
    return v;
  }

  private static void seed(long tenant, long owner, int n, String assignedAgo, String status) {
    await(
        db.pool()
            .preparedQuery(
                """
                INSERT INTO lead (tenant_id, company, company_norm, source, status, owner_id, assigned_at)
                SELECT $1, '线索' || $2 || '-' || g, '线索' || $2 || '-' || g, 'api', $5, $2,
                       now() - $4::interval - g * interval '1 second'
                  FROM generate_series(1, $3) g
                """)
            .execute(Tuple.of(tenant, owner, n, assignedAgo, status)));
  }

  private static long count(String sql) {
    return await(db.pool().query(sql).execute()).iterator().next().getLong(0);
  }

  private static JsonObject plan(Row row) {
    Object value = row.getValue(0);
    JsonArray array = value instanceof JsonArray j ? j : new JsonArray(String.valueOf(value));
    return array.getJsonObject(0).getJsonObject("Plan");
  }

  /** Every node of the plan, an index scan with its index. */
  private static void nodes(JsonObject node, List<String> out) {
    String type = node.getString("Node Type");
    out.add(node.containsKey("Index Name") ? type + " " + node.getString("Index Name") : type);
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      nodes(children.getJsonObject(i), out);
    }
  }
}
