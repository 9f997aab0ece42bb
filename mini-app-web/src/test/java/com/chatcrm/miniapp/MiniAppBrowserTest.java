package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.pool.PoolRuleService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in headless Chromium at 375 px against the real API and database: sandbox login, pinyin
 * initials search, a follow-up with a reminder, a kanban move, the funnel chart and the pool. Each
 * page is kept as a screenshot ({@code docs/screenshots/} when run with {@code
 * -Dminiapp.screenshots=../docs/screenshots}). Skipped when Debian's chromium and chromium-driver
 * or the built pages are missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniAppBrowserTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * target/screenshots; {@code -Dminiapp.screenshots=../docs/screenshots} refreshes the kept ones.
   */
  static final Path SCREENSHOTS =
      Path.of(System.getProperty("miniapp.screenshots", "target/screenshots"));

  static Vertx vertx;
  static Pool pool;
  static OrgFixture org;
  static ChromeDriver browser;
  static WebDriverWait wait;
  static String base;
  static long customerId;
  static long otherCustomerId;
  static Opportunity deal;

  @BeforeAll
  static void start() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "chromium / chromium-driver not installed");
    assumeTrue(
        MiniAppBrowserTest.class.getClassLoader().getResource("webroot/index.html") != null,
        "the pages were not built (npm absent)");
    vertx = db.vertx();
    pool = db.pool();
    org = OrgFixture.create(pool);
    seed();

    Router root = Router.router(vertx);
    await(
            MiniAppApi.create(
                vertx,
                Engine.on(pool, Clock.systemUTC()),
                new MiniAppConfig(
                    "browser-test-session-key-0123456789abcdef", Duration.ofMinutes(30), true),
                Map.of(),
                null))
        .mount(root);
    new MiniAppPages().mount(root);
    int port = await(vertx.createHttpServer().requestHandler(root).listen(0)).actualPort();
    base = "http://127.0.0.1:" + port;

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--lang=zh-CN");
    // a 375 px wide phone screen, whatever the smallest window the browser allows
    // the console, to catch anything the Content-Security-Policy refused (issue #21 defect 7)
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    options.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of("width", 375, "height", 812, "pixelRatio", 2.0, "touch", true)));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
            options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  /** 李雷 has a customer 鸿运物流 with a deal and a follow-up; one other customer sits in the pool. */
  static void seed() {
    CustomerService customers = new CustomerService(pool);
    customerId =
        await(
                customers.create(
                    org.a(org.rep1), NewCustomer.named("鸿运物流有限公司").withPhones("13812345678")))
            .id();
    otherCustomerId = await(customers.create(org.a(org.rep1), NewCustomer.named("华远建材"))).id();
    deal =
        await(
            new OpportunityService(pool)
                .create(
                    org.a(org.rep1),
                    NewOpportunity.of(customerId, "仓储系统升级", new BigDecimal("360000"))));
    await(
        new FollowUpService(pool)
            .log(org.a(org.rep1), NewFollowUp.on(customerId, "visit", "上门拜访，了解仓储现状")));
    long pooled = await(customers.create(org.a(org.rep2), NewCustomer.named("沧海实业"))).id();
    await(new PoolService(pool, Clock.systemUTC()).release(org.a(org.rep2), pooled, "长期未跟进"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  static void shot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Taps {@code by} as a person does: once no toast covers the page, the sheet or dialog holding it
   * has finished opening and it is scrolled into view (a click during Vant's animations misses).
   */
  static void tap(By by) {
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));
    WebElement e = wait.until(ExpectedConditions.elementToBeClickable(by));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block:'center'})", e);
    wait.until(
        d -> {
          try {
            e.click();
            return true;
          } catch (org.openqa.selenium.ElementNotInteractableException notYet) {
            // ElementClickInterceptedException too: still animating, or an overlay fading out
            return false;
          }
        });
  }

  static WebElement visible(By by) {
    try {
      return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (org.openqa.selenium.TimeoutException e) {
      // what the page showed instead, for whoever reads the failure
      try {
        Files.copy(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            Path.of("target", "browser-failure.png"),
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // the assertion below says enough
      }
      throw e;
    }
  }

  static WebElement text(String text) {
    return visible(By.xpath("//*[contains(text(), '" + text + "')]"));
  }

  /**
   * Sets an input the way typing would, for inputs (datetime-local) that keyboard automation
   * handles badly.
   */
  static void setValue(WebElement input, String value) {
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            input,
            value);
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
      "客户详情: 级别 opens 潜在 / 意向 / 成交 / 流失; 意向 is saved and shown, the deal stays; a stale page is refreshed")
  void setLevel() throws IOException {
    long stageBefore =
        await(new OpportunityService(pool).get(org.a(org.rep1), deal.id())).stageId();
    browser.get(base + "/m/#/customers/" + customerId);
    visible(By.cssSelector("[data-test=level]")).click();
    pick("意向");
    text("已改为 意向");
    wait.until(d -> d.findElement(By.cssSelector("[data-test=level]")).getText().contains("意向"));
    shot("customer-level");
    Object level =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/customers/"
                    + customerId
                    + "', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('crm.session')}})"
                    + ".then(r => r.json()).then(c => done(c.level), e => done('error ' + e))");
    assertThat(level).isEqualTo("intent");
    assertThat(await(new OpportunityService(pool).get(org.a(org.rep1), deal.id())).stageId())
        .as("the level never moves a deal")
        .isEqualTo(stageBefore);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    // someone else changes the customer while the page is open
    CustomerService customers = new CustomerService(pool);
    var now = await(customers.get(org.a(org.rep1), customerId));
    await(
        customers.update(
            org.a(org.rep1),
            customerId,
            now.version(),
            com.chatcrm.engine.customer.CustomerChanges.none()
                .level(com.chatcrm.engine.customer.CustomerLevel.LOST)));
    browser.findElement(By.cssSelector("[data-test=level]")).click();
    pick("成交");
    text("已被他人修改，请刷新");
    visible(By.cssSelector(".van-dialog__confirm")).click();
    wait.until(d -> d.findElement(By.cssSelector("[data-test=level]")).getText().contains("流失"));
    assertThat(await(customers.get(org.a(org.rep1), customerId)).level().code()).isEqualTo("lost");
  }

  @Test
  @Order(9)
  @DisplayName(
      "客户详情: 编辑 the customer, 新建商机 and change its amount and close date, then 退回公海; each still there after a reload")
  void editCustomerAndDealsThenReturnToPool() throws IOException {
    String page = base + "/m/#/customers/" + customerId;
    browser.get(page);
    tap(By.cssSelector("[data-test=edit-customer]"));
    String form = "[data-test=customer-form] ";
    setValue(visible(By.cssSelector(form + "input[name=name]")), "鸿运物流集团");
    setValue(browser.findElement(By.cssSelector(form + "input[name=industry]")), "仓储物流");
    setValue(browser.findElement(By.cssSelector(form + "input[name=region]")), "上海");
    shot("customer-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("已保存");
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=industry]")).getText().contains("仓储物流"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    dealsTab();
    tap(By.cssSelector("[data-test=add-opportunity]"));
    String deal = "[data-test=opportunity-form] ";
    setValue(visible(By.cssSelector(deal + "input[name=name]")), "冷链扩容");
    setValue(browser.findElement(By.cssSelector(deal + "input[name=amount]")), "88000");
    setValue(browser.findElement(By.cssSelector(deal + "input[type=date]")), "2031-09-30");
    tap(By.cssSelector(deal + "button[type=submit]"));
    text("商机已创建");
    String row = "[data-test=opportunity][data-name='冷链扩容']";
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("预计成交 2031-09-30"));
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("¥8.8万");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    tap(By.cssSelector(row));
    WebElement amount = visible(By.cssSelector(deal + "input[name=amount]"));
    wait.until(d -> "88000".equals(amount.getDomProperty("value")));
    setValue(amount, "120000");
    setValue(browser.findElement(By.cssSelector(deal + "input[type=date]")), "2031-12-15");
    shot("opportunity-edit");
    tap(By.cssSelector(deal + "button[type=submit]"));
    text("已保存");
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("预计成交 2031-12-15"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    // what a person sees after reloading the page
    browser.navigate().refresh();
    wait.until(
        d ->
            d.findElement(By.cssSelector("[data-test=customer-name]"))
                .getText()
                .contains("鸿运物流集团"));
    assertThat(visible(By.cssSelector("[data-test=region]")).getText()).contains("上海");
    dealsTab();
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("预计成交 2031-12-15"));
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("¥12万");
    shot("customer-deals");
    var deals = await(new OpportunityService(pool).listForCustomer(org.a(org.rep1), customerId));
    assertThat(deals)
        .filteredOn(o -> o.name().equals("冷链扩容"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.amount()).isEqualByComparingTo("120000");
              assertThat(o.expectedClose()).isEqualTo(java.time.LocalDate.of(2031, 12, 15));
            });

    tap(By.cssSelector("[data-test=release]"));
    tap(By.cssSelector(".van-dialog__confirm"));
    text("已退回公海");
    browser.navigate().refresh();
    wait.until(d -> d.findElement(By.cssSelector("[data-test=owner]")).getText().contains("公海"));
    assertThat(visible(By.cssSelector("[data-test=claim-customer]")).getText()).isEqualTo("领取这个客户");
    assertThat(browser.findElements(By.cssSelector("[data-test=release]"))).isEmpty();
    assertThat(await(new CustomerService(pool).get(org.a(org.rep1), customerId)).inPool()).isTrue();
    browser.get(base + "/m/#/pool");
    text("鸿运物流集团");
    shot("pool-returned");
  }

  @Test
  @Order(10)
  @DisplayName("客户详情: 删除客户 after one tap of confirmation; after a reload 恢复 brings it back")
  void deleteAndRestore() throws IOException {
    browser.get(base + "/m/#/customers/" + otherCustomerId);
    tap(By.cssSelector("[data-test=delete-customer]"));
    tap(By.cssSelector(".van-dialog__confirm"));
    visible(By.cssSelector("[data-test=deleted]"));
    shot("customer-deleted");
    // still offered after a reload: a deleted customer is shown to who may restore it
    browser.navigate().refresh();
    visible(By.cssSelector("[data-test=deleted]"));
    assertThat(
            await(CustomerService.load(pool, org.tenantA.id(), otherCustomerId, false)).deleted())
        .isTrue();
    tap(By.cssSelector("[data-test=restore]"));
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=customer-name]")).getText().contains("华远建材"));
    browser.navigate().refresh();
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=customer-name]")).getText().contains("华远建材"));
    assertThat(await(new CustomerService(pool).get(org.a(org.rep1), otherCustomerId)).deleted())
        .isFalse();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));
  }

  @Test
  @Order(11)
  @DisplayName(
      "客户详情: a contact whose phone another has is warned of, saved anyway, edited and deleted; as seen after a reload")
  void editContactsWithDuplicatePhone() throws IOException {
    await(
        new ContactService(pool)
            .add(
                org.a(org.rep1),
                otherCustomerId,
                NewContact.named("钱会计").withPhones("13700002222")));
    String page = base + "/m/#/customers/" + otherCustomerId;
    browser.get(page);
    browser.navigate().refresh(); // the previous test left this very page open
    contactsTab();
    visible(By.cssSelector("[data-test=contact][data-name='钱会计']"));
    visible(By.cssSelector("[data-test=add-contact]")).click();
    String form = "[data-test=contact-form] ";
    setValue(visible(By.cssSelector(form + "input[name=name]")), "孙采购");
    setValue(browser.findElement(By.cssSelector(form + "input[name=phones]")), "137-0000-2222");
    tap(By.cssSelector(form + "button[type=submit]"));
    WebElement warning = visible(By.cssSelector(".van-dialog"));
    wait.until(d -> warning.getText().contains("钱会计"));
    assertThat(warning.getText()).contains("华远建材").contains("仍然保存");
    shot("contact-duplicate-phone");
    visible(By.cssSelector(".van-dialog__confirm")).click();
    text("已添加");
    String row = "[data-test=contact][data-name='孙采购']";
    visible(By.cssSelector(row));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    browser.findElement(By.cssSelector(row)).click();
    WebElement title = visible(By.cssSelector(form + "input[name=title]"));
    setValue(title, "采购总监");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("已保存");
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("采购总监"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    browser.findElement(By.cssSelector("[data-test=contact][data-name='钱会计']")).click();
    tap(By.cssSelector("[data-test=delete-contact]"));
    visible(By.cssSelector(".van-dialog__confirm")).click();
    text("已删除");

    // what a person sees after reloading the page
    browser.navigate().refresh();
    contactsTab();
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("采购总监"));
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("137-0000-2222");
    assertThat(browser.findElements(By.cssSelector("[data-test=contact][data-name='钱会计']")))
        .isEmpty();
    shot("customer-contacts");
    assertThat(await(new ContactService(pool).listByCustomer(org.a(org.rep1), otherCustomerId)))
        .extracting(c -> c.name() + "/" + c.title())
        .containsExactly("孙采购/采购总监");
  }

  @Test
  @Order(12)
  @DisplayName(
      "客户详情: the author corrects their follow-up (修改), a colleague's offers no 修改; as seen after a reload")
  void editOwnFollowUp() throws IOException {
    FollowUpService followUps = new FollowUpService(pool);
    await(
        followUps.log(
            org.a(org.manager1), NewFollowUp.on(otherCustomerId, "visit", "经理补充：客户预算充足")));
    await(followUps.log(org.a(org.rep1), NewFollowUp.on(otherCustomerId, "call", "初次电话，约了下周见面")));
    browser.get(base + "/m/#/customers/" + otherCustomerId);
    browser.navigate().refresh(); // the previous test left this very page open
    String mine = "//*[contains(@class, 'follow-up')][.//p[contains(text(), '%s')]]";
    visible(By.xpath(mine.formatted("初次电话")))
        .findElement(By.cssSelector("[data-test=edit-follow-up]"))
        .click();
    String form = "[data-test=follow-up-edit-form] ";
    WebElement content = visible(By.cssSelector(form + "textarea"));
    wait.until(d -> content.getDomProperty("value").contains("初次电话"));
    setValue(content, "初次电话，约了周三上午见面");
    tap(By.xpath("//*[@data-test='follow-up-edit-form']//*[@role='radio'][.//*[text()='微信']]"));
    shot("follow-up-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("已保存");
    text("初次电话，约了周三上午见面");

    // what a person sees after reloading the page
    browser.navigate().refresh();
    WebElement edited = visible(By.xpath(mine.formatted("约了周三上午见面")));
    assertThat(edited.getText()).contains("微信");
    assertThat(browser.findElements(By.xpath("//*[contains(text(), '约了下周见面')]"))).isEmpty();
    WebElement managers = visible(By.xpath(mine.formatted("经理补充")));
    assertThat(managers.findElements(By.cssSelector("[data-test=edit-follow-up]"))).isEmpty();
    shot("follow-up-edited");
    var timeline = await(followUps.timeline(org.a(org.rep1), otherCustomerId, null, 20)).items();
    assertThat(timeline)
        .filteredOn(f -> f.content().contains("周三上午"))
        .singleElement()
        .satisfies(f -> assertThat(f.method().code()).isEqualTo("wechat"));
  }

  @Test
  @Order(13)
  @DisplayName(
      "首页: an overdue reminder's 修改 moves it to a later day with new text; gone from today after a reload")
  void editReminder() throws IOException {
    ReminderService reminders = new ReminderService(pool);
    long id =
        await(
                reminders.create(
                    org.a(org.rep1),
                    NewReminder.at(Instant.now().plusSeconds(3600), "给华远建材回电话")
                        .aboutCustomer(otherCustomerId)))
            .id();
    // overdue since this morning: test setup, as no one may set a reminder in the past
    await(
        pool.preparedQuery("UPDATE reminder SET due_at = now() - interval '2 hours' WHERE id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(id)));
    browser.get(base + "/m/#/");
    browser.navigate().refresh();
    text("给华远建材回电话");
    // the swipe cell's buttons are there, only slid out of view
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].click()",
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-test=edit-reminder]"))));
    String form = "[data-test=reminder-edit-form] ";
    WebElement text = visible(By.cssSelector(form + "input[name=text]"));
    wait.until(d -> text.getDomProperty("value").equals("给华远建材回电话"));
    setValue(text, "给华远建材回电话，确认报价");
    setValue(
        browser.findElement(By.cssSelector(form + "input[type=datetime-local]")),
        "2031-05-21T09:30");
    shot("reminder-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("提醒已修改");

    // what a person sees after reloading the page: no longer due today, counted among the later
    // ones
    browser.navigate().refresh();
    text("之后还有 2 条提醒");
    assertThat(browser.findElements(By.xpath("//*[contains(text(), '给华远建材回电话')]"))).isEmpty();
    var r = await(reminders.get(org.a(org.rep1), id));
    assertThat(r.text()).isEqualTo("给华远建材回电话，确认报价");
    // typed on the company's clock (Asia/Shanghai)
    assertThat(r.dueAt()).isEqualTo(Instant.parse("2031-05-21T01:30:00Z"));
  }

  static void contactsTab() {
    visible(By.xpath("//*[@role='tab'][.//*[text()='联系人']]")).click();
  }

  static void dealsTab() {
    visible(By.xpath("//*[@role='tab'][.//*[text()='商机']]")).click();
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

  /** Taps an item of the open action sheet once it has finished sliding up. */
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

  @Test
  @Order(100)
  @DisplayName("the pages ran under their Content-Security-Policy without it refusing anything")
  void nothingRefusedByTheContentSecurityPolicy() {
    java.util.List<String> console =
        browser.manage().logs().get("browser").getAll().stream()
            .map(e -> e.getLevel() + " " + e.getMessage())
            .toList();
    assertThat(console)
        .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"));
  }

  static void pick(String name) {
    WebElement item =
        visible(
            By.xpath(
                "//button[contains(@class, 'van-action-sheet__item')][.//*[text()='"
                    + name
                    + "'] or text()='"
                    + name
                    + "']"));
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.cssSelector(".van-popup-slide-bottom-enter-active")));
    item.click();
  }
}
