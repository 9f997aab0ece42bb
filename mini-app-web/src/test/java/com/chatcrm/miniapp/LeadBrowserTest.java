package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.lead.Lead;
import com.chatcrm.engine.lead.LeadFilter;
import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.LeadStatus;
import com.chatcrm.engine.lead.NewLead;
import com.chatcrm.engine.opportunity.OpportunityService;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue #20's pages in the browser: 李雷 adds a lead from 首页 → 线索 (warned of the duplicate, 仍然添加),
 * turns it into a customer with a 商机 in one confirm and lands on the customer; 赵六 领取 a web-form
 * lead from the 线索池.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeadBrowserTest extends BrowserTestBase {

  static LeadService leads;
  static long poolLead;
  static long liLeisLead;

  @BeforeAll
  static void seed() {
    leads = new LeadService(pool);
    poolLead =
        await(
                leads.captureUnattended(
                    org.tenantA.id(),
                    new NewLead(
                        "嘉兴南湖包装材料厂",
                        "沈经理",
                        List.of("13566667777"),
                        LeadSource.WEBFORM,
                        "浙江",
                        null,
                        "官网留言",
                        "form-browser-1")))
            .lead()
            .id();
  }

  static void field(String test, String value) {
    WebElement input = visible(By.cssSelector("[data-test=" + test + "] input"));
    input.clear();
    input.sendKeys(value);
  }

  @Test
  @Order(1)
  @DisplayName(
      "李雷 adds 苏州工业园区启明电子 twice (the second time warned, 仍然添加), then 转客户 with a 20万 商机 lands on the customer")
  void captureAndConvert() throws IOException {
    login(org.tenantA.corpId(), "lilei");
    tap(By.cssSelector("[data-test=open-leads]"));
    text("还没有线索");
    tap(By.cssSelector("[data-test=new-lead]"));
    field("lead-company", "苏州工业园区启明电子");
    field("lead-contact", "周工");
    field("lead-phone", "13912340000");
    tap(By.cssSelector("[data-test=lead-save]"));
    WebElement status = visible(By.cssSelector("[data-test=lead-status-label]"));
    wait.until(d -> status.getText().contains("未处理"));

    // the same company again: warned, and added only on 仍然添加
    browser.get(base + "/m/#/leads/new");
    field("lead-company", "苏州工业园区启明电子");
    tap(By.cssSelector("[data-test=lead-save]"));
    WebElement warning = visible(By.cssSelector("[data-test=lead-duplicates]"));
    wait.until(d -> warning.getText().contains("苏州工业园区启明电子"));
    shot("lead-duplicate-warning");
    tap(By.cssSelector("[data-test=lead-force]"));
    visible(By.cssSelector("[data-test=lead-detail]"));

    browser.get(base + "/m/#/leads");
    wait.until(d -> d.findElements(By.cssSelector("[data-test=lead]")).size() == 2);
    shot("leads-mine");
    tap(By.cssSelector("[data-test=lead]"));
    tap(By.cssSelector("[data-test=lead-convert]"));
    visible(By.cssSelector("[data-test=convert-confirm]"));
    tap(By.cssSelector("[data-test=convert-with-deal]"));
    field("convert-amount", "200000");
    shot("lead-convert-sheet");
    tap(By.cssSelector("[data-test=convert-confirm]"));
    wait.until(d -> d.getCurrentUrl().matches(".*#/customers/\\d+$"));
    text("苏州工业园区启明电子");
    long customer =
        Long.parseLong(browser.getCurrentUrl().replaceFirst(".*#/customers/(\\d+)$", "$1"));
    shot("lead-converted-customer");

    Lead converted =
        await(
                leads.list(
                    org.a(org.rep1),
                    LeadFilter.of(LeadFilter.Scope.MINE).withStatus(LeadStatus.CONVERTED)))
            .items()
            .get(0);
    assertThat(converted.customerId()).isEqualTo(customer);
    var deal = await(new OpportunityService(pool).get(org.a(org.rep1), converted.opportunityId()));
    assertThat(deal.amount()).isEqualByComparingTo(new BigDecimal("200000"));
  }

  @Test
  @Order(2)
  @DisplayName("赵六 sees the web-form lead in 线索池 and 领取 it: it is his")
  void claimFromThePool() throws IOException {
    login(org.tenantA.corpId(), "zhaoliu");
    browser.get(base + "/m/#/leads");
    tap(By.xpath("//*[@role='tab'][.//*[text()='线索池']]"));
    WebElement item = visible(By.cssSelector("[data-test=lead]"));
    wait.until(d -> item.getText().contains("嘉兴南湖包装材料厂"));
    shot("leads-pool");
    tap(By.cssSelector("[data-test=claim-lead]"));
    WebElement detail = visible(By.cssSelector("[data-test=lead-detail]"));
    wait.until(d -> detail.getText().contains("赵六"));
    assertThat(await(leads.get(org.a(org.rep3), poolLead)).ownerId()).isEqualTo(org.rep3);
  }

  @Test
  @Order(3)
  @DisplayName("张经理 hands 李雷's lead to 韩梅梅 with 分配给同事: it is hers")
  void managerAssigns() throws IOException {
    liLeisLead =
        await(leads.capture(org.a(org.rep1), NewLead.of("湖州太湖丝绸", LeadSource.CHAT), false))
            .lead()
            .id();
    login(org.tenantA.corpId(), "zhang");
    browser.get(base + "/m/#/leads/" + liLeisLead);
    WebElement detail = visible(By.cssSelector("[data-test=lead-detail]"));
    wait.until(d -> detail.getText().contains("李雷"));
    tap(By.cssSelector("[data-test=lead-assign]"));
    pick("韩梅梅");
    wait.until(d -> visible(By.cssSelector("[data-test=lead-detail]")).getText().contains("韩梅梅"));
    assertThat(await(leads.get(org.a(org.rep2), liLeisLead)).ownerId()).isEqualTo(org.rep2);
  }
}
