package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
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
 * What every browser test class shares: its own database with {@link OrgFixture}'s two companies,
 * the mini-app (API and built pages) on a free port, and headless Chromium at 375 px, plus the
 * moves a person makes ({@link #tap}, {@link #login}, ...). A subclass's own {@code @BeforeAll}
 * runs after this one, so it can seed through the engine. Every subclass also checks that its pages
 * ran without the Content-Security-Policy refusing anything. Skipped when Debian's chromium and
 * chromium-driver or the built pages are missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserTestBase {

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
  static Path downloads;
  static long customerId;
  static long otherCustomerId;
  static Opportunity deal;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "chromium / chromium-driver not installed");
    assumeTrue(
        BrowserTestBase.class.getClassLoader().getResource("webroot/index.html") != null,
        "the pages were not built (npm absent)");
    vertx = db.vertx();
    pool = db.pool();
    org = OrgFixture.create(pool);

    Router root = Router.router(vertx);
    Engine engine = Engine.on(pool, Clock.systemUTC());
    MiniAppConfig config =
        new MiniAppConfig(
            "browser-test-session-key-0123456789abcdef", Duration.ofMinutes(30), true);
    await(MiniAppApi.create(vertx, engine, config, Map.of(), null)).mount(root);
    new MiniAppPages().mount(root);
    // the 导出 buttons' downloads
    new ExportRoute(vertx, engine, config).mount(root);
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
    // the console, to catch anything the Content-Security-Policy refused (issue #21 defect 7)
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    // a 375 px wide phone screen, whatever the smallest window the browser allows
    options.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of("width", 375, "height", 812, "pixelRatio", 2.0, "touch", true)));
    // what the pages download (导出 Excel) lands in a folder of this class, without asking
    try {
      downloads = Files.createTempDirectory("crm-browser-downloads-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
            options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  /** 李雷 (rep1 of the first company) gets 鸿运物流有限公司 with the deal 仓储系统升级 and a visit, and 华远建材. */
  static void seedLiLeisCustomers() {
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
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  @Test
  @Order(1000)
  @DisplayName("the pages ran under their Content-Security-Policy without it refusing anything")
  void nothingRefusedByTheContentSecurityPolicy() {
    java.util.List<String> console =
        browser.manage().logs().get("browser").getAll().stream()
            .map(e -> e.getLevel() + " " + e.getMessage())
            .toList();
    assertThat(console)
        .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"));
  }

  /**
   * Logs in through the sandbox login as {@code userId} of {@code corpId} and waits for 首页; any
   * earlier session is forgotten first.
   */
  static void login(String corpId, String userId) {
    if (browser.getCurrentUrl().startsWith(base)) {
      ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    }
    browser.get(base + "/m/?corpId=" + corpId + "#/");
    WebElement corp = visible(By.cssSelector("input[name=corpId]"));
    wait.until(d -> corpId.equals(corp.getDomProperty("value")));
    // the form fills in the company's first user once the sandbox has listed them: type after that
    visible(By.cssSelector("[data-test=dev-users]"));
    setValue(visible(By.cssSelector("input[name=userId]")), userId);
    browser.findElement(By.cssSelector("[data-test=dev-login]")).click();
    text("你好，");
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

  /** Taps an item of the open action sheet once it has finished sliding up. */
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

  /** Waits until no toast covers the page. */
  static void toastGone() {
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));
  }
}
