package com.chatcrm.engine.org;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrgAndTenantTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static TenantService tenants;
  static OrgService orgService;
  static OrgQueries queries;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    tenants = new TenantService(db.pool());
    orgService = new OrgService(db.pool());
    queries = new OrgQueries(db.pool());
  }

  @Test
  @DisplayName(
      "registering a company twice returns the same tenant, with Shanghai time and the default stages once")
  void registerIsIdempotent() {
    Tenant first = await(tenants.register("dingtalk", "ding-idem", "幂等公司", null));
    Tenant again = await(tenants.register("dingtalk", "ding-idem", "改名也不影响", null));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    long stages =
        await(
                db.pool()
                    .preparedQuery("SELECT count(*) FROM opportunity_stage WHERE tenant_id = $1")
                    .execute(io.vertx.sqlclient.Tuple.of(first.id())))
            .iterator()
            .next()
            .getLong(0);
    assertThat(stages).isEqualTo(6);
  }

  @Test
  void badTenantInputIsRefused() {
    assertThatThrownBy(() -> await(tenants.register("feishu", "x", "x", null)))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(tenants.register("wecom", "x", "x", "Mars/Olympus")))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> await(tenants.find("wecom", "no-such-corp")))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void onlyAdminsChangeTheDirectory() {
    assertThatThrownBy(
            () -> await(orgService.upsertDepartment(org.a(org.manager1), "x", "私设部门", null)))
        .isInstanceOf(Forbidden.class);
    long id = await(orgService.upsertDepartment(org.a(org.admin), "marketing", "市场部", "hq"));
    assertThat(id).isPositive();
  }

  @Test
  @DisplayName(
      "a removed department's sub-departments move up and it is gone; removing it again is harmless")
  void removeDepartment() {
    var sys = Actor.system(org.tenantA.id(), "t");
    await(orgService.upsertDepartment(sys, "tmp-parent", "临时部门", "hq"));
    await(orgService.upsertDepartment(sys, "tmp-child", "临时小组", "tmp-parent"));
    await(orgService.removeDepartment(sys, "tmp-parent"));
    await(orgService.removeDepartment(sys, "tmp-parent"));
    var rows =
        await(
            db.pool()
                .preparedQuery(
                    "SELECT p.platform_dept_id FROM department c JOIN department p ON p.tenant_id = c.tenant_id AND p.id = c.parent_id"
                        + " WHERE c.tenant_id = $1 AND c.platform_dept_id = 'tmp-child'")
                .execute(io.vertx.sqlclient.Tuple.of(org.tenantA.id())));
    assertThat(rows.iterator().next().getString(0)).isEqualTo("hq");
    assertThatThrownBy(() -> await(orgService.removeDepartment(org.a(org.manager1), "sales1")))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName("@李 finds 李雷 in the same company only")
  void findColleaguesByName() {
    List<OrgMember> found = await(queries.findByName(org.a(org.rep2), "@李雷"));
    assertThat(found)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.id()).isEqualTo(org.rep1);
              assertThat(m.departments()).containsExactly("销售一部");
            });
    assertThat(await(queries.findByName(org.a(org.rep2), "经理")))
        .extracting(OrgMember::name)
        .containsExactlyInAnyOrder("张经理", "陈经理");
    assertThat(await(queries.findByName(org.b(), "李雷"))).isEmpty();
  }

  @Test
  void aManagersTeamIsTheirSubtree() {
    assertThat(await(queries.team(org.a(org.manager1))))
        .extracting(OrgMember::name)
        .containsExactlyInAnyOrder("张经理", "李雷", "韩梅梅");
    assertThat(await(queries.team(org.a(org.rep1))))
        .extracting(OrgMember::name)
        .containsExactly("李雷");
    assertThat(await(queries.team(Actor.system(org.tenantA.id(), "t"))))
        .hasSizeGreaterThanOrEqualTo(6);
  }
}
