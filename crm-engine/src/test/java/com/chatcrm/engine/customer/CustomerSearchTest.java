package com.chatcrm.engine.customer;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CustomerSearch.Scope;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerSearchTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static CustomerSearch search;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    search = new CustomerSearch(db.pool());
    await(
        customers.create(
            org.a(org.rep1), NewCustomer.named("华为技术有限公司").withPhones("0755-2878-0808")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("深圳华为终端销售公司")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("海维科技").withShortName("海维", "HW科技")));
    await(customers.create(org.a(org.rep1), NewCustomer.named("阿里巴巴").withPhones("13912345678")));
    await(customers.create(org.a(org.rep3), NewCustomer.named("华为云代理商")));
  }

  private List<String> names(long user, String q) {
    return await(search.search(org.a(user), q, Scope.VISIBLE, 20)).stream()
        .map(h -> h.customer().name())
        .toList();
  }

  @Test
  void twoChineseCharactersFindEverySubstringHitPrefixFirst() {
    assertThat(names(org.rep1, "华为")).containsExactly("华为技术有限公司", "深圳华为终端销售公司");
  }

  @Test
  void initialsFindTheCompany() {
    List<CustomerHit> hits = await(search.search(org.a(org.rep1), "hwjs", Scope.VISIBLE, 20));
    assertThat(hits)
        .first()
        .satisfies(
            h -> {
              assertThat(h.customer().name()).isEqualTo("华为技术有限公司");
              assertThat(h.matchedOn()).isEqualTo("initials");
            });
    assertThat(names(org.rep1, "hw")).contains("华为技术有限公司", "海维科技");
  }

  @Test
  @DisplayName("initials inside the name count too: a city in front does not hide the brand")
  void initialsInTheMiddle() {
    assertThat(names(org.rep1, "wjs")).contains("华为技术有限公司");
    assertThat(names(org.rep1, "zd")).contains("深圳华为终端销售公司");
  }

  @Test
  void fullPinyinFindsTheCompany() {
    assertThat(names(org.rep1, "huawei")).contains("华为技术有限公司", "深圳华为终端销售公司");
  }

  @Test
  void shortNameAndAliasesCount() {
    assertThat(names(org.rep1, "海维")).first().isEqualTo("海维科技");
    assertThat(names(org.rep1, "HW科技")).first().isEqualTo("海维科技");
  }

  @Test
  void phoneSuffixFindsTheCustomer() {
    assertThat(names(org.rep1, "5678")).containsExactly("阿里巴巴");
    assertThat(names(org.rep1, "0808")).containsExactly("华为技术有限公司");
  }

  @Test
  void searchStaysInsideWhatTheActorMaySee() {
    assertThat(names(org.rep1, "华为")).doesNotContain("华为云代理商");
    assertThat(names(org.rep3, "华为")).containsExactly("华为云代理商");
    assertThat(names(org.admin, "华为")).hasSize(3);
    assertThat(await(search.search(org.b(), "华为", Scope.VISIBLE, 20))).isEmpty();
  }

  @Test
  void wildcardsInTheQueryAreLiteral() {
    assertThat(names(org.rep1, "%%%")).isEmpty();
  }

  @Test
  void emptyQueryIsRefused() {
    assertThatThrownBy(() -> await(search.search(org.a(org.rep1), " ", Scope.VISIBLE, 20)))
        .isInstanceOf(InvalidInput.class);
  }
}
