package com.chatcrm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.chatcrm.config.ConfigLoader;
import com.chatcrm.engine.testing.FreshDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sandbox chat page in headless Chromium at 375 px against the whole service in the dev profile
 * (sandbox on, demo data made): 华信科技's 李四 types a follow-up on a demo customer and sees WeCom's
 * reply card, then taps one of its buttons and sees the card updated. The page is kept as a
 * screenshot ({@code docs/screenshots/sandbox-chat.png} when run with {@code
 * -Dsandbox.screenshots=../docs/screenshots}). Skipped when Debian's chromium / chromium-driver are
 * missing.
 */
class SandboxChatBrowserTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS =
      Path.of(System.getProperty("sandbox.screenshots", "target/screenshots"));

  static CrmServer server;
  static ChromeDriver browser;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "chromium / chromium-driver not installed (apt-get install chromium chromium-driver)");
    server =
        CrmServer.start(
            new ConfigLoader(Map.of("CRM_DB_URL", db.url(), "CRM_HTTP_PORT", "0"), new Properties())
                .load());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--lang=zh-CN");
    options.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of("width", 375, "height", 812, "pixelRatio", 2.0, "touch", true)));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
            options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  @DisplayName(
      "李四 of 华信科技 types a follow-up and sees the reply card; a button on it updates the card")
  void followUpCard() throws IOException {
    browser.get("http://127.0.0.1:" + server.httpPort() + "/sandbox");
    // once the companies are loaded (the page remembers the last platform), pick WeCom
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#company option")));
    browser.findElement(By.id("tab-wecom")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#company option[value='wwhuaxin0001']")));
    new Select(browser.findElement(By.id("company"))).selectByVisibleText("华信科技");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#user option[value='lisi']")));
    new Select(browser.findElement(By.id("user"))).selectByValue("lisi");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "李四"));

    WebElement input = browser.findElement(By.id("input"));
    input.sendKeys("跟进 星河传媒 电话沟通了报价");
    browser.findElement(By.id("send")).click();

    // the line said, then WeCom's template card with the follow-up
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".row.me .bubble"), "星河传媒"));
    WebElement card =
        visible(By.xpath("//div[contains(@class,'wecom-template')][contains(., '已记录跟进')]"));
    assertThat(card.getText()).contains("星河传媒");
    assertThat(card.findElements(By.cssSelector("button.card-btn[data-key]"))).isNotEmpty();
    assertThat(
            ((Number) browser.executeScript("return document.documentElement.scrollWidth"))
                .intValue())
        .as("nothing wider than the 375 px screen")
        .isLessThanOrEqualTo(375);
    shot("sandbox-chat");

    // a tap on a button goes back as a signed card-click callback; the card then shows what was
    // done
    card.findElements(By.cssSelector("button.card-btn[data-key]")).get(0).click();
    visible(
        By.xpath(
            "//div[contains(@class,'wecom-template')][contains(., '已记录跟进')]//button[contains(@class,'done')]"));
  }

  @Test
  @DisplayName("钉云贸易's 钱进 asks for help on DingTalk, sees the card with command links and taps one")
  void dingTalkCommandLink() throws IOException {
    browser.get(
        "http://127.0.0.1:"
            + server.httpPort()
            + "/sandbox/?platform=dingtalk&corpId=dingsandbox0001&userId=staff02");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "钱进"));
    assertThat(browser.findElement(By.id("tab-dingtalk")).getAttribute("class")).contains("active");
    browser.findElement(By.id("input")).sendKeys("帮助");
    browser.findElement(By.id("send")).click();
    WebElement link = visible(By.cssSelector("a.cmd-link"));
    shot("sandbox-chat-dingtalk");
    String label = link.getText();
    int before = browser.findElements(By.cssSelector(".row.bot")).size();
    link.click();
    // the tapped link's prepared text goes back to the robot as 钱进's own message, and is answered
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), label + " #cmd:"));
    wait.until(d -> d.findElements(By.cssSelector(".row.bot")).size() > before);
  }

  static WebElement visible(By by) throws IOException {
    try {
      return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (org.openqa.selenium.TimeoutException e) {
      Files.createDirectories(Path.of("target"));
      Files.copy(
          browser.getScreenshotAs(OutputType.FILE).toPath(),
          Path.of("target", "sandbox-browser-failure.png"),
          StandardCopyOption.REPLACE_EXISTING);
      throw e;
    }
  }

  static void shot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
