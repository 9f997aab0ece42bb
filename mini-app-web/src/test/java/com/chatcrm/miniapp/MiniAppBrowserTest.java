package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.pool.PoolRuleService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.ReminderService;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The pages a rep and a manager use every day, in headless Chromium against the real API and
 * database: sandbox login, pinyin initials search, a follow-up with a reminder, a kanban move, the
 * funnel chart, the pool, 今日 and 操作记录, and the admin's 设置. Each page is kept as a screenshot
 * ({@code docs/screenshots/} when run with {@code -Dminiapp.screenshots=../docs/screenshots}).
 * Editing lives in {@link CustomerEditingBrowserTest}.
 */
class MiniAppBrowserTest extends BrowserTestBase {

  /** 李雷 has a customer 鸿运物流 with a deal and a follow-up; one other customer sits in the pool. */
  @BeforeAll
  static void seed() {
    seedLiLeisCustomers();
    CustomerService customers = new CustomerService(pool);
    long pooled = await(customers.create(org.a(org.rep2), NewCustomer.named("沧海实业"))).id();
    await(new PoolService(pool, Clock.systemUTC()).release(org.a(org.rep2), pooled, "长期未跟进"));
  }

  @Test
  @Order(0)
  @DisplayName(
      "a link with a DingTalk corpId opens the sandbox login on that company, its platform and members")
  void loginFromLinkOfDingTalkCompany() throws IOException {
    browser.get(base + "/m/?corpId=" + org.tenantB.corpId() + "#/report");
    WebElement corp = visible(By.cssSelector("input[name=corpId]"));
    wait.until(d -> org.tenantB.corpId().equals(corp.getDomProperty("value")));
    assertThat(text("远山贸易（钉钉）").getText()).contains("远山贸易（钉钉）");
    assertThat(visible(By.cssSelector("[data-test=dev-users]")).getText())
        .contains("外人（waiRen）")
        .doesNotContain("李雷");
    assertThat(browser.findElement(By.cssSelector("input[name=userId]")).getDomProperty("value"))
        .isEqualTo("waiRen");
    shot("login-dingtalk");
    browser.findElement(By.cssSelector("[data-test=dev-login]")).click();
    // logged in to the DingTalk company, back on the page the link was for
    wait.until(
        d ->
            d.getCurrentUrl().endsWith("#/report")
                && ((JavascriptExecutor) d)
                        .executeScript("return sessionStorage.getItem('crm.session.user')")
                    instanceof String u
                && u.contains("外人"));
    // the next test starts from a fresh login page
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
  }

  @Test
  @Order(1)
  @DisplayName("sandbox login lands on 首页 with the user's name")
  void login() throws IOException {
    browser.get(base + "/m/");
    WebElement corp = visible(By.cssSelector("input[name=corpId]"));
    shot("login");
    setValue(corp, org.tenantA.corpId());
    setValue(browser.findElement(By.cssSelector("input[name=userId]")), "lilei");
    browser.findElement(By.cssSelector("[data-test=dev-login]")).click();
    text("你好，李雷");
    wait.until(d -> !d.findElements(By.xpath("//*[contains(text(), '本月我的数字')]")).isEmpty());
    shot("home");
  }

  @Test
  @Order(2)
  @DisplayName("客户: pinyin initials find 鸿运物流")
  void searchByInitials() throws IOException {
    browser.get(base + "/m/#/customers");
    WebElement search = visible(By.cssSelector("[data-test=search] input"));
    search.sendKeys("hywl");
    text("鸿运物流有限公司");
    wait.until(d -> d.findElements(By.xpath("//*[contains(text(), '华远建材')]")).isEmpty());
    shot("customers-search");
    // found again: the list re-renders when the search answer replaces the first page
    text("鸿运物流有限公司").click();
    text("上门拜访，了解仓储现状");
    shot("customer-detail");
  }

  @Test
  @Order(3)
  @DisplayName("客户详情: a follow-up with a next time appears in the timeline and sets a reminder")
  void followUpWithReminder() throws IOException {
    browser.get(base + "/m/#/customers/" + customerId);
    visible(By.cssSelector("[data-test=add-follow-up]")).click();
    WebElement content = visible(By.cssSelector("[data-test=follow-up-form] textarea"));
    content.sendKeys("电话沟通报价，客户下周给答复");
    setValue(
        browser.findElement(
            By.cssSelector("[data-test=follow-up-form] input[type=datetime-local]")),
        "2031-05-20T10:00");
    shot("follow-up-form");
    browser.findElement(By.cssSelector("[data-test=follow-up-form] button[type=submit]")).click();
    text("电话沟通报价，客户下周给答复");
    shot("customer-timeline");
    var upcoming = await(new ReminderService(pool).upcoming(org.a(org.rep1), 50));
    assertThat(upcoming)
        .anySatisfy(
            r -> {
              assertThat(r.customerId()).isEqualTo(customerId);
              // typed as the company's wall clock (Asia/Shanghai), whatever the browser's zone (UTC
              // here)
              assertThat(r.dueAt()).isEqualTo(Instant.parse("2031-05-20T02:00:00Z"));
            });
    text("5月20日 10:00");
  }

  @Test
  @Order(4)
  @DisplayName("商机看板: a card moves to the next stage")
  void moveOnTheBoard() throws IOException {
    var stages = await(new StageService(pool).list(org.a(org.rep1)));
    String target = stages.get(1).name();
    browser.get(base + "/m/#/board");
    visible(By.cssSelector("[data-test=opportunity]"));
    shot("board");
    browser.findElement(By.cssSelector("[data-test=opportunity]")).click();
    WebElement stage =
        visible(
            By.xpath(
                "//button[contains(@class, 'van-action-sheet__item')][.//*[text()='"
                    + target
                    + "'] or text()='"
                    + target
                    + "']"));
    // the sheet slides up: a click during the slide lands where the item was (seen failing on a
    // busy machine)
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.cssSelector(".van-popup-slide-bottom-enter-active")));
    stage.click();
    wait.until(
        d ->
            await(new OpportunityService(pool).get(org.a(org.rep1), deal.id())).stageId()
                == stages.get(1).id());
    visible(By.cssSelector("section[data-stage='" + target + "'] [data-test=opportunity]"));
    shot("board-moved");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));
  }

  @Test
  @Order(5)
  @DisplayName("报表: the funnel and the 30-day activity charts are drawn")
  void funnel() throws IOException {
    browser.get(base + "/m/#/report");
    visible(By.cssSelector("[data-test=funnel] svg"));
    visible(By.cssSelector("[data-test=activity] canvas"));
    text("销售漏斗");
    shot("report");
  }

  @Test
  @Order(6)
  @DisplayName("公海: the pooled customer is listed with a claim button")
  void pool() throws IOException {
    browser.get(base + "/m/#/pool");
    text("沧海实业");
    visible(By.cssSelector("[data-test=claim]"));
    shot("pool");
  }

  @Test
  @Order(7)
  @DisplayName("首页 今日提醒 leaves out the reminder years ahead and counts it; 操作记录 reads in Chinese")
  void todayAndAuditInChinese() throws IOException {
    browser.get(base + "/m/#/");
    text("之后还有 1 条提醒");
    text("今天没有提醒");
    shot("home-today");
    browser.get(base + "/m/#/customers/" + customerId);
    text("操作记录").click();
    text("新建");
    wait.until(d -> !d.findElements(By.xpath("//*[contains(text(), '· 聊天')]")).isEmpty());
    assertThat(browser.findElements(By.xpath("//*[text()='create' or contains(text(), 'chat')]")))
        .isEmpty();
    shot("customer-audit");
  }

  @Test
  @Order(8)
  @DisplayName(
      "拜访签到: the browser's position (overridden) → 确认签到 → the timeline shows 拜访 with the place; 张经理's 拜访 page lists it")
  void visitCheckIn() throws IOException {
    // the phone's position, as Chromium's geolocation gives it, allowed for the page's origin
    browser.executeCdpCommand(
        "Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("geolocation")));
    browser.executeCdpCommand(
        "Emulation.setGeolocationOverride",
        Map.of("latitude", 31.2304, "longitude", 121.4737, "accuracy", 25));
    browser.get(base + "/m/#/customers/" + customerId);
    // the page may still be the one the last test left on 操作记录: loaded afresh, it opens on 跟进
    browser.navigate().refresh();
    tap(By.cssSelector("[data-test=check-in]"));
    WebElement position = visible(By.cssSelector("[data-test=check-in-position]"));
    wait.until(d -> position.getText().contains("北纬 31.2304，东经 121.4737"));
    assertThat(position.getText()).contains("精度约 25 米");
    visible(By.cssSelector("[data-test=check-in-place] input")).sendKeys("鸿运物流前台");
    shot("visit-check-in");
    tap(By.cssSelector("[data-test=confirm-check-in]"));
    text("拜访签到：鸿运物流前台");
    WebElement place = visible(By.cssSelector("[data-test=visit-place]"));
    assertThat(place.getText()).contains("鸿运物流前台").contains("签到于");
    shot("visit-timeline");

    login(org.tenantA.corpId(), "zhang");
    text("你好，张经理");
    tap(By.cssSelector("[data-test=open-visits]"));
    WebElement visit = visible(By.cssSelector("[data-test=visit]"));
    assertThat(visit.getText()).contains("鸿运物流有限公司", "李雷", "鸿运物流前台");
    // no tile source configured: no map, nothing fetched from anywhere
    assertThat(browser.findElements(By.cssSelector("[data-test=visits-map]"))).isEmpty();
    shot("visits-team");
    // another day: said in Chinese that there were none
    setValue(visible(By.cssSelector("[data-test=visits-day] input")), "2020-01-02");
    visible(By.cssSelector("[data-test=visits-empty]"));
    text("这一天还没有拜访记录");
    // the tests after this one go on as 李雷
    login(org.tenantA.corpId(), "lilei");
    text("你好，李雷");
  }

  @Test
  @Order(9)
  @DisplayName(
      "拜访签到 without a position: the page says why and, in sandbox mode, offers a stand-in position to check in with")
  void visitCheckInWithTheSandboxStandIn() throws IOException {
    browser.executeCdpCommand(
        "Browser.setPermission",
        Map.of("permission", Map.of("name", "geolocation"), "setting", "denied", "origin", base));
    browser.get(base + "/m/#/customers/" + otherCustomerId);
    tap(By.cssSelector("[data-test=check-in]"));
    text("无法获取位置：没有获取位置的权限");
    setValue(visible(By.cssSelector("[data-test=stand-in-latitude] input")), "30.5");
    setValue(visible(By.cssSelector("[data-test=stand-in-longitude] input")), "114.3");
    shot("visit-check-in-stand-in");
    tap(By.cssSelector("[data-test=use-stand-in]"));
    WebElement position = visible(By.cssSelector("[data-test=check-in-position]"));
    assertThat(position.getText()).contains("北纬 30.5000，东经 114.3000", "沙箱定位");
    tap(By.cssSelector("[data-test=confirm-check-in]"));
    text("拜访签到：北纬 30.5000，东经 114.3000");
  }

  @Test
  @Order(50)
  @DisplayName(
      "设置: a rep is refused; the admin opens it from 首页, changes a stage's win rate and the 公海 days, and sees both after a reload")
  void adminChangesSettings() throws IOException {
    // still 李雷 (a rep): the page says who may use it
    browser.get(base + "/m/#/settings");
    text("只有管理员可以查看和修改公司设置");

    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.get(base + "/m/?corpId=" + org.tenantA.corpId() + "#/");
    setValue(visible(By.cssSelector("input[name=userId]")), "wang");
    browser.findElement(By.cssSelector("[data-test=dev-login]")).click();
    visible(By.cssSelector("[data-test=open-settings]")).click();

    String row = "[data-test=stage-row][data-stage='方案报价']";
    visible(By.cssSelector(row + " [data-test=edit-stage]")).click();
    setValue(visible(By.cssSelector("[data-test=stage-probability-input] input")), "55");
    visible(By.cssSelector(".van-dialog__confirm")).click();
    wait.until(
        d ->
            d.findElement(By.cssSelector(row + " [data-test=stage-probability]"))
                .getText()
                .equals("55%"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-dialog")));

    setValue(
        browser.findElement(By.cssSelector("[data-test=rule-reclaimDaysPotential] input")), "45");
    browser.findElement(By.cssSelector("[data-test=save-rule]")).click();
    text("公海规则已保存");
    shot("settings");
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].scrollIntoView()",
            browser.findElement(By.cssSelector("[data-test=report-times]")));
    visible(By.cssSelector("[data-test=member]"));
    shot("settings-times-admins");

    browser.navigate().refresh();
    wait.until(
        d ->
            d.findElement(By.cssSelector(row + " [data-test=stage-probability]"))
                .getText()
                .equals("55%"));
    assertThat(
            visible(By.cssSelector("[data-test=rule-reclaimDaysPotential] input"))
                .getDomProperty("value"))
        .isEqualTo("45");
    assertThat(await(new PoolRuleService(pool).rules(org.a(org.admin))).reclaimDaysPotential())
        .isEqualTo(45);
    assertThat(await(new StageService(pool).list(org.a(org.admin))))
        .filteredOn(s -> s.name().equals("方案报价"))
        .singleElement()
        .satisfies(s -> assertThat(s.probability()).isEqualTo(55));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));
  }

  @Test
  @Order(99)
  @DisplayName("报表 opened from the 日报 link by a manager shows the 团队 funnel")
  void managerLandsOnTeam() throws IOException {
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.get(base + "/m/?corpId=" + org.tenantA.corpId() + "#/report?scope=team");
    WebElement user = visible(By.cssSelector("input[name=userId]"));
    setValue(user, "zhang");
    browser.findElement(By.cssSelector("[data-test=dev-login]")).click();
    wait.until(
        d ->
            d.findElements(By.cssSelector(".van-tab--active")).stream()
                .anyMatch(t -> t.getText().contains("团队")));
    visible(By.cssSelector("[data-test=funnel] svg"));
    shot("report-team");
  }
}
