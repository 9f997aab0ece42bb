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
 * signed link and the browser downloads it, which the download's audit row shows (the workbooks
 * themselves are read back in {@link ExportKindsApiTest}).
 */
class ExportBrowserTest extends BrowserTestBase {

  @BeforeAll
  static void seed() {
    seedLiLeisCustomers();
    login(org.tenantA.corpId(), "lilei");
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
