package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.opportunity.OpportunityService;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * 合同 and 业绩目标 in headless Chromium at 375 px: 李雷 makes the contract of his won deal in two equal
 * instalments, records a receipt and takes it back; 张经理 sets 李雷's target and both see its progress.
 * Screenshots as {@code contract-*.png} and {@code targets.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractBrowserTest extends BrowserTestBase {

  /** 李雷's 鸿运物流有限公司 with 仓储系统升级 (¥36万), won today. */
  @BeforeAll
  static void seed() {
    seedLiLeisCustomers();
    await(new OpportunityService(pool).win(org.a(org.rep1), deal.id(), deal.version()));
  }

  @Test
  @Order(1)
  @DisplayName(
      "won deal → 生成合同 分 2 期等额 (the plan and its sum live) → contract page → 登记回款 ¥20万 shows progress → 撤回 with one confirmation")
  void contractFromWonDeal() throws IOException {
    login(org.tenantA.corpId(), "lilei");
    browser.get(base + "/m/#/customers/" + customerId);
    tap(By.xpath("//div[contains(@class,'van-tab')]//*[text()='商机']"));
    tap(By.cssSelector("[data-test=make-contract]"));
    String form = "[data-test=contract-form] ";
    tap(By.xpath("//*[@data-test='plan-mode']//*[text()='分期等额']"));
    wait.until(d -> d.findElements(By.cssSelector(form + "[data-test=plan-preview]")).size() == 2);
    assertThat(visible(By.cssSelector(form + "[data-test=plan-preview]")).getText())
        .contains("第1期", "¥18万");
    assertThat(visible(By.cssSelector(form + "[data-test=plan-sum]")).getText())
        .contains("¥36万 / ¥36万");
    shot("contract-new");
    tap(By.cssSelector(form + "[data-test=save-contract]"));

    wait.until(d -> d.getCurrentUrl().contains("#/contracts/"));
    List<WebElement> plan =
        wait.until(
            d -> {
              var l = d.findElements(By.cssSelector("[data-test=instalment]"));
              return l.size() == 2 ? l : null;
            });
    assertThat(plan.get(0).getText()).contains("第1期", "¥18万", "未到期");
    assertThat(visible(By.cssSelector("[data-test=void-contract]")).isDisplayed()).isTrue();

    tap(By.cssSelector("[data-test=record-receipt]"));
    setValue(visible(By.cssSelector("[data-test=receipt-form] input[name=amount]")), "200000");
    tap(By.cssSelector("[data-test=save-receipt]"));
    text("第1期已回清");
    WebElement progress = visible(By.cssSelector("[data-test=contract-progress]"));
    wait.until(d -> progress.getText().contains("已回款 ¥20万"));
    assertThat(progress.getText()).contains("未回款 ¥16万");
    wait.until(
        d ->
            d.findElements(By.cssSelector("[data-test=instalment-state]")).stream()
                .map(WebElement::getText)
                .toList()
                .equals(List.of("已回款", "部分回款")));
    assertThat(browser.findElements(By.cssSelector("[data-test=void-contract]")))
        .as("作废 only while nothing is received")
        .isEmpty();
    assertThat(visible(By.cssSelector("[data-test=receipt]")).getText()).contains("李雷");
    shot("contract-receipt");

    tap(By.cssSelector("[data-test=withdraw-receipt]"));
    tap(By.cssSelector(".van-dialog__confirm"));
    text("已撤回");
    wait.until(d -> d.findElements(By.cssSelector("[data-test=receipt]")).isEmpty());
    assertThat(visible(By.cssSelector("[data-test=contract-progress]")).getText())
        .contains("已回款 ¥0");
    assertThat(visible(By.cssSelector("[data-test=instalment-state]")).getText()).isEqualTo("未到期");

    // the customer page lists it
    browser.get(base + "/m/#/customers/" + customerId);
    tap(By.xpath("//div[contains(@class,'van-tab')]//*[starts-with(text(),'合同')]"));
    assertThat(visible(By.cssSelector("[data-test=customer-contract]")).getText())
        .contains("仓储系统升级", "¥36万");
  }

  @Test
  @Order(2)
  @DisplayName(
      "目标: 张经理 sets 李雷's 赢单金额 target ¥72万 for this month (the 团队 tab and 李雷's own page show 50%) and 销售一部's 跟进 target for the quarter")
  void managerSetsTarget() throws IOException {
    login(org.tenantA.corpId(), "zhang");
    browser.get(base + "/m/#/targets");
    tap(By.cssSelector("[data-test=set-target]"));
    formOpen();
    tap(By.cssSelector("[data-test=target-user]"));
    pick("李雷");
    setValue(visible(By.cssSelector("[data-test=target-form] input[name=value]")), "720000");
    tap(By.cssSelector("[data-test=save-target]"));
    text("目标已设定");
    tap(By.xpath("//div[contains(@class,'van-tab')]//*[text()='团队']"));
    WebElement row = visible(By.cssSelector("[data-test=target]"));
    wait.until(d -> row.getText().contains("李雷 · 赢单金额"));
    assertThat(row.getText()).contains("50%", "¥36万 / 目标 ¥72万");

    // a team target of the quarter: 销售一部 and the 华东组 below it
    tap(By.cssSelector("[data-test=set-target]"));
    formOpen();
    tap(By.cssSelector("[data-test=target-user]"));
    pick("销售一部（团队）");
    tap(By.xpath("//div[@data-test='target-period-choice']//*[text()='本季度']"));
    tap(By.cssSelector("[data-test=target-metric]"));
    pick("跟进");
    setValue(visible(By.cssSelector("[data-test=target-form] input[name=value]")), "100");
    tap(By.cssSelector("[data-test=save-target]"));
    WebElement teamRow = visible(By.cssSelector("[data-test=target][data-team=true]"));
    wait.until(d -> teamRow.getText().contains("销售一部（团队） · 跟进"));
    assertThat(teamRow.getText()).contains("/ 目标 100 条");
    shot("targets");

    login(org.tenantA.corpId(), "lilei");
    tap(By.cssSelector("[data-test=open-targets]"));
    WebElement mine = visible(By.cssSelector("[data-test=target]"));
    assertThat(mine.getText()).contains("赢单金额", "50%").doesNotContain("李雷 ·");
  }

  /** The 设定目标 form has finished sliding up: a tap while it moves lands on the overlay. */
  static void formOpen() {
    visible(By.cssSelector("[data-test=target-form]"));
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.cssSelector(".van-popup-slide-bottom-enter-active")));
  }
}
