package com.chatcrm.engine.testing;

import static com.chatcrm.engine.testing.Await.await;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Two companies for permission tests. In 华信科技 (tenant A):
 *
 * <pre>
 * 总部 hq                     admin 王总 (admin)
 * ├── 销售一部 sales1          manager 张经理; rep 李雷
 * │   └── 华东组 east          rep 韩梅梅            (in 张经理's subtree)
 * └── 销售二部 sales2          manager 陈经理; rep 赵六
 * </pre>
 *
 * Tenant B (远山贸易) has one rep, 外人. Built with the engine's own services.
 */
public final class OrgFixture {

  public Tenant tenantA;
  public Tenant tenantB;
  public long admin;
  public long manager1;
  public long rep1;
  public long rep2;
  public long manager2;
  public long rep3;
  public long outsider;

  /** Builds the fixture; blocks the test thread (never an event loop) until done. */
  public static OrgFixture create(Pool pool) {
    OrgFixture f = new OrgFixture();
    TenantService tenants = new TenantService(pool);
    OrgService org = new OrgService(pool);
    String suffix = Long.toString(System.nanoTime(), 36);
    f.tenantA = await(tenants.register("wecom", "ww-a-" + suffix, "华信科技", null));
    f.tenantB = await(tenants.register("dingtalk", "ding-b-" + suffix, "远山贸易", null));
    Actor sysA = Actor.system(f.tenantA.id(), "fixture");
    await(org.upsertDepartment(sysA, "hq", "总部", null));
    await(org.upsertDepartment(sysA, "sales1", "销售一部", "hq"));
    await(org.upsertDepartment(sysA, "east", "华东组", "sales1"));
    await(org.upsertDepartment(sysA, "sales2", "销售二部", "hq"));
    f.admin = await(org.upsertUser(sysA, OrgUser.admin("wang", "王总", "hq")));
    f.manager1 = await(org.upsertUser(sysA, OrgUser.rep("zhang", "张经理", "sales1")));
    f.rep1 = await(org.upsertUser(sysA, OrgUser.rep("lilei", "李雷", "sales1")));
    f.rep2 = await(org.upsertUser(sysA, OrgUser.rep("hanmeimei", "韩梅梅", "east")));
    f.manager2 = await(org.upsertUser(sysA, OrgUser.rep("chen", "陈经理", "sales2")));
    f.rep3 = await(org.upsertUser(sysA, OrgUser.rep("zhaoliu", "赵六", "sales2")));
    await(org.setManagers(sysA, "sales1", List.of("zhang")));
    await(org.setManagers(sysA, "sales2", List.of("chen")));
    Actor sysB = Actor.system(f.tenantB.id(), "fixture");
    await(org.upsertDepartment(sysB, "b-root", "远山贸易", null));
    f.outsider = await(org.upsertUser(sysB, OrgUser.rep("waiRen", "外人", "b-root")));
    return f;
  }

  /** The user acting in tenant A through a chat message with a fresh id. */
  public Actor a(long userId) {
    return Actor.user(tenantA.id(), userId, Source.chat("msg-" + System.nanoTime()));
  }

  /** Everyone in tenant A who sees customers differently: all, a team, one's own. */
  public List<Actor> searchers() {
    return List.of(a(admin), a(manager1), a(rep1), a(rep3), a(manager2));
  }

  /** The outsider acting in their own tenant B. */
  public Actor b() {
    return Actor.user(tenantB.id(), outsider, Source.chat("msg-" + System.nanoTime()));
  }
}
