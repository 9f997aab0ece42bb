package com.chatcrm.engine.settings;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminRolesTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  OrgFixture org;
  AdminRoles roles;
  OrgService directory;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    roles = new AdminRoles(db.pool());
    directory = new OrgService(db.pool());
  }

  boolean isAdmin(long userId) {
    return await(roles.members(Actor.system(org.tenantA.id(), "test"))).stream()
        .filter(m -> m.id() == userId)
        .findFirst()
        .orElseThrow()
        .admin();
  }

  /** What the platform's directory sync does for 张经理: he is not in the channel's admins list. */
  void syncZhangAs(String role) {
    Actor system = Actor.system(org.tenantA.id(), "wecom-directory-sync");
    await(
        directory.upsertUser(
            system, new OrgUser("zhang", "张经理", null, null, role, List.of("sales1"))));
  }

  @Test
  @DisplayName("an admin lists the active members with their role and departments, admins first")
  void adminListsMembers() {
    List<AdminRoles.Member> members = await(roles.members(org.a(org.admin)));
    assertThat(members).hasSize(6);
    assertThat(members.get(0).name()).isEqualTo("王总");
    assertThat(members.get(0).admin()).isTrue();
    assertThat(members.stream().filter(AdminRoles.Member::admin)).hasSize(1);
    assertThat(members)
        .filteredOn(m -> m.id() == org.rep2)
        .singleElement()
        .satisfies(m -> assertThat(m.departments()).containsExactly("华东组"));
    assertThat(members).noneMatch(m -> m.name().equals("外人"));
  }

  @Test
  @DisplayName(
      "reps and managers may neither list nor grant nor revoke: forbidden, nothing changes")
  void onlyAdmins() {
    for (long user : new long[] {org.rep1, org.manager1}) {
      assertThatThrownBy(() -> await(roles.members(org.a(user))))
          .isInstanceOf(Forbidden.class)
          .hasMessageContaining("只有管理员");
      assertThatThrownBy(() -> await(roles.grant(org.a(user), user))).isInstanceOf(Forbidden.class);
      assertThatThrownBy(() -> await(roles.revoke(org.a(user), org.admin)))
          .isInstanceOf(Forbidden.class);
    }
    assertThat(isAdmin(org.rep1)).isFalse();
    assertThat(isAdmin(org.admin)).isTrue();
  }

  @Test
  @DisplayName(
      "a grant made in the mini-app is audited and survives the next directory sync, which names him rep")
  void grantSurvivesDirectorySync() {
    AdminRoles.Member zhang = await(roles.grant(org.a(org.admin), org.manager1));
    assertThat(zhang.admin()).isTrue();
    assertThat(zhang.setInApp()).isTrue();

    syncZhangAs("rep");
    assertThat(isAdmin(org.manager1)).as("the sync keeps the role set in the app").isTrue();
    // and the new admin may now do what admins do
    assertThat(await(roles.members(org.a(org.manager1)))).hasSize(6);

    List<AuditEntry> history =
        await(AuditQueries.history(db.pool(), org.tenantA.id(), "user", org.manager1));
    assertThat(history)
        .filteredOn(e -> e.action().equals("grant_admin"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actorId()).isEqualTo(org.admin);
              assertThat(e.changes().getJsonObject("role").getString("from")).isEqualTo("rep");
              assertThat(e.changes().getJsonObject("role").getString("to")).isEqualTo("admin");
            });
  }

  @Test
  @DisplayName("a revoke made in the mini-app survives a sync whose admins list still names him")
  void revokeSurvivesDirectorySync() {
    syncZhangAs("admin");
    assertThat(isAdmin(org.manager1)).isTrue();
    AdminRoles.Member zhang = await(roles.revoke(org.a(org.admin), org.manager1));
    assertThat(zhang.admin()).isFalse();
    syncZhangAs("admin");
    assertThat(isAdmin(org.manager1)).isFalse();
  }

  @Test
  @DisplayName("a member whose role nobody set in the app still follows the directory")
  void directoryStillGivesTheRole() {
    syncZhangAs("admin");
    assertThat(isAdmin(org.manager1)).isTrue();
    syncZhangAs("rep");
    assertThat(isAdmin(org.manager1)).isFalse();
  }

  @Test
  @DisplayName(
      "the last admin cannot revoke themself (Chinese message); with a second admin they can")
  void neverWithoutAnAdmin() {
    assertThatThrownBy(() -> await(roles.revoke(org.a(org.admin), org.admin)))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("唯一的管理员");
    assertThat(isAdmin(org.admin)).isTrue();

    await(roles.grant(org.a(org.admin), org.rep1));
    assertThat(await(roles.revoke(org.a(org.admin), org.admin)).admin()).isFalse();
    assertThat(isAdmin(org.rep1)).isTrue();
    assertThatThrownBy(() -> await(roles.revoke(org.a(org.rep1), org.rep1)))
        .isInstanceOf(Conflict.class);
  }

  @Test
  @DisplayName("two admins revoking each other at once: one wins, the company keeps one admin")
  void concurrentRevokesKeepOneAdmin() {
    await(roles.grant(org.a(org.admin), org.manager1));
    List<Future<AdminRoles.Member>> both =
        List.of(
            roles.revoke(org.a(org.admin), org.manager1),
            roles.revoke(org.a(org.manager1), org.admin));
    await(Future.join(both).otherwise((io.vertx.core.CompositeFuture) null));
    assertThat(both.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(
            await(roles.members(Actor.system(org.tenantA.id(), "test"))).stream()
                .filter(AdminRoles.Member::admin))
        .hasSize(1);
  }

  @Test
  @DisplayName(
      "granting or revoking twice changes nothing the second time; strangers are not found")
  void idempotentAndScoped() {
    await(roles.grant(org.a(org.admin), org.rep3));
    await(roles.grant(org.a(org.admin), org.rep3));
    await(roles.revoke(org.a(org.admin), org.rep1));
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "user", org.rep3)))
        .filteredOn(e -> e.action().equals("grant_admin"))
        .hasSize(1);
    assertThat(await(AuditQueries.history(db.pool(), org.tenantA.id(), "user", org.rep1)))
        .noneMatch(e -> e.action().equals("revoke_admin"));
    assertThatThrownBy(() -> await(roles.grant(org.a(org.admin), org.outsider)))
        .isInstanceOf(NotFound.class);
  }
}
