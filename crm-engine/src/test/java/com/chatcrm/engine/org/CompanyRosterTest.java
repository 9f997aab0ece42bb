package com.chatcrm.engine.org;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandbox pickers' companies: every tenant, WeCom's first, with its active members. */
class CompanyRosterTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName("companies list their active members in order, with role and manager flag")
  void companiesWithMembers() {
    OrgFixture org = OrgFixture.create(db.pool());
    List<String> fixture = List.of(org.tenantA.corpId(), org.tenantB.corpId());
    List<CompanyRoster.Company> all =
        await(new CompanyRoster(db.pool()).companies(null, null)).stream()
            .filter(c -> fixture.contains(c.corpId()))
            .toList();

    assertThat(all)
        .extracting(CompanyRoster.Company::platform)
        .containsExactly("wecom", "dingtalk");
    CompanyRoster.Company a = all.get(0);
    assertThat(a.corpId()).isEqualTo(org.tenantA.corpId());
    assertThat(a.members())
        .extracting(CompanyRoster.Member::platformUserId)
        .containsExactly("wang", "zhang", "lilei", "hanmeimei", "chen", "zhaoliu");
    assertThat(a.members().get(0).role()).isEqualTo("admin");
    assertThat(a.members().get(1).manager()).isTrue();
    assertThat(a.members().get(2).manager()).isFalse();
    assertThat(a.toJson().getJsonArray("users").getJsonObject(1).getString("role"))
        .isEqualTo("manager");
  }

  @Test
  @DisplayName("one company by corp id, and at most n members each")
  void oneCompanyFewMembers() {
    OrgFixture org = OrgFixture.create(db.pool());
    List<CompanyRoster.Company> one =
        await(new CompanyRoster(db.pool()).companies(org.tenantA.corpId(), 2));

    assertThat(one).hasSize(1);
    assertThat(one.get(0).members())
        .extracting(CompanyRoster.Member::name)
        .containsExactly("王总", "张经理");
  }
}
