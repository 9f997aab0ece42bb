package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.Eventually;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The 导出 buttons as a person taps them, in headless Chromium against the real API: each asks for a
 * signed link and the browser downloads it, which the download's audit row shows; the customer
 * list's download is read back here, the other kinds' workbooks in {@link ExportKindsApiTest}.
 */
class ExportBrowserTest extends BrowserTestBase {

  @BeforeAll
  static void seed() {
    seedLiLeisCustomers();
    login(org.tenantA.corpId(), "lilei");
  }

  @Test
  @DisplayName(
      "客户 导出 Excel downloads a workbook that, read back, holds 李雷's customers under Chinese headers")
  void customerList() throws Exception {
    browser.get(base + "/m/#/customers");
    text("鸿运物流有限公司");
    java.util.Set<java.nio.file.Path> before;
    try (var files = java.nio.file.Files.list(downloads)) {
      before = files.collect(java.util.stream.Collectors.toSet());
    }
    tap(By.cssSelector("[data-test=export]"));
    java.nio.file.Path file =
        Eventually.within(Duration.ofSeconds(20))
            .as("the downloaded .xlsx")
            .until(
                () -> {
                  try (var files = java.nio.file.Files.list(downloads)) {
                    return files
                        .filter(f -> f.getFileName().toString().endsWith(".xlsx"))
                        .filter(f -> !before.contains(f))
                        .findFirst()
                        .orElse(null);
                  }
                },
                java.util.Objects::nonNull);
    java.util.List<String> names = new java.util.ArrayList<>();
    java.util.List<String> owners = new java.util.ArrayList<>();
    try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(file.toFile())) {
      for (var row : wb.getFirstSheet().read()) {
        names.add(row.getCellAsString(0).orElse(""));
        owners.add(row.getCellAsString(3).orElse(""));
      }
    }
    assertThat(names.get(0)).isEqualTo("客户名称");
    assertThat(owners.get(0)).isEqualTo("负责人");
    assertThat(names.subList(1, names.size())).containsExactlyInAnyOrder("鸿运物流有限公司", "华远建材");
    assertThat(owners.subList(1, owners.size())).containsOnly("李雷");
  }

  @Test
  @DisplayName("看板 导出 downloads 李雷's opportunities")
  void board() {
    browser.get(base + "/m/#/board");
    text("仓储系统升级");
    tap(By.cssSelector("[data-test=export] .van-nav-bar__right"));
    assertThat(downloaded("opportunity_list")).isTrue();
  }

  @Test
  @DisplayName("报表 导出 offers 销售漏斗 and 日报数据; 销售漏斗 downloads the page's period")
  void report() {
    browser.get(base + "/m/#/report");
    visible(By.cssSelector("[data-test=funnel] svg"));
    tap(By.cssSelector("[data-test=report-actions] [data-test=export]"));
    text("日报数据");
    pick("销售漏斗");
    assertThat(downloaded("funnel")).isTrue();
  }

  @Test
  @DisplayName("客户详情 导出 downloads the customer's follow-ups")
  void timeline() {
    browser.get(base + "/m/#/customers/" + customerId);
    tap(By.cssSelector("[data-test=export-follow-ups]"));
    assertThat(downloaded("follow_up_list")).isTrue();
  }

  @Test
  @DisplayName(
      "an export link opened after it expired shows a page in Chinese saying to export again, not raw JSON")
  void expiredLinkPage() throws Exception {
    MiniAppConfig config =
        new MiniAppConfig(
            "browser-test-session-key-0123456789abcdef", Duration.ofMinutes(30), true);
    java.time.LocalDate today = java.time.LocalDate.now();
    String stale =
        new SignedExportLinks(
                "",
                config,
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(-2)))
            .followUps(org.a(org.rep1), today.minusDays(30), today, false);
    browser.get(base + stale);
    assertThat(visible(By.id("message")).getText()).isEqualTo("导出链接已过期，请重新导出");
    assertThat(browser.getTitle()).isEqualTo("链接无法打开");
    assertThat(browser.getPageSource()).doesNotContain("\"code\"");
    shot("export-link-expired");
  }

  /** Whether 李雷 downloaded an export of that kind: its audit row is written as it is sent. */
  private static boolean downloaded(String kind) {
    return Eventually.within(Duration.ofSeconds(15))
            .as("an audited " + kind + " download")
            .until(
                () ->
                    await(
                            pool.preparedQuery(
                                    "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND actor_id = $2"
                                        + " AND action = 'export' AND entity_type = $3")
                                .execute(Tuple.of(org.tenantA.id(), org.rep1, kind)))
                        .iterator()
                        .next()
                        .getLong(0),
                n -> n > 0)
        > 0;
  }
}
