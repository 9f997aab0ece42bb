package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.imports.CustomerImportVerticle;
import com.chatcrm.engine.imports.ImportRunner;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * 导入客户 in the browser (issue #22): 李雷 uploads a 1,000-row workbook holding 20 customers he already
 * has and 5 bad rows; the preview shows exactly those, 开始导入 runs in the background with its
 * progress on the page, and the result workbook (downloaded over HTTP and read back) names every
 * one of them. Then, switched to 导入线索, a small file of leads previews and imports the same way.
 */
class ImportBrowserTest extends BrowserTestBase {

  static final int ROWS = 1_000;
  static String worker;
  static Path file;

  /** Expected outcome per row number: 重复跳过 or 错误 with its reason; the rest 新建. */
  static final Map<Integer, String> PROBLEMS = new TreeMap<>();

  @BeforeAll
  static void seed() throws IOException {
    // the company's admin set 私海上限 to 不限: a rep's 975 new customers are over the default 200
    await(
        pool.query("UPDATE pool_rule SET max_private = NULL WHERE tenant_id = " + org.tenantA.id())
            .execute());
    CustomerService customers = new CustomerService(pool);
    for (int i = 1; i <= 20; i++) {
      await(customers.create(org.a(org.rep1), NewCustomer.named("既有客户" + i + "号有限公司")));
    }
    // small batches, so that the page sees the import in progress
    worker =
        await(
            vertx.deployVerticle(
                new CustomerImportVerticle(
                    pool,
                    null,
                    new CustomerImportVerticle.Settings(
                        Duration.ofMillis(200),
                        Duration.ofSeconds(30),
                        new ImportRunner.Settings(100, Duration.ofMinutes(1))))));
    file = workbook();
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      await(vertx.undeploy(worker));
    }
  }

  /** Rows 2..1001: every 50th a customer 李雷 has already, five bad ones, the rest new. */
  static Path workbook() throws IOException {
    Path path = Files.createTempFile("导入测试-", ".xlsx");
    try (OutputStream out = Files.newOutputStream(path)) {
      Workbook wb = new Workbook(out, "test", "1.0");
      Worksheet ws = wb.newWorksheet("客户");
      List<String> header = List.of("客户名称*", "级别", "电话", "联系人", "联系人电话", "负责人");
      for (int c = 0; c < header.size(); c++) {
        ws.value(0, c, header.get(c));
      }
      int duplicates = 0;
      for (int i = 1; i <= ROWS; i++) {
        int rowNo = i + 1;
        String name = "导入测试" + i + "号科技有限公司";
        String level = "意向";
        String phone = "0755-" + (20_000_000 + i);
        String owner = "";
        if (i % 50 == 0) {
          duplicates++;
          name = "既有客户" + duplicates + "号有限公司";
          PROBLEMS.put(rowNo, "重复跳过|与已有客户「" + name + "」重复（负责人：李雷）");
        } else if (i == 7 || i == 333) {
          name = "";
          PROBLEMS.put(rowNo, "错误|客户名称为空");
        } else if (i == 101) {
          level = "VIP";
          PROBLEMS.put(rowNo, "错误|级别「VIP」无效，应为 潜在、意向、成交、流失 之一");
        } else if (i == 555) {
          phone = "电话待定";
          PROBLEMS.put(rowNo, "错误|电话格式不对：「电话待定」");
        } else if (i == 999) {
          owner = "赵六";
          PROBLEMS.put(rowNo, "错误|负责人「赵六」不存在或不在你的权限内");
        }
        String[] cells = {name, level, phone, "联系人" + i, "139" + (10_000_000 + i), owner};
        for (int c = 0; c < cells.length; c++) {
          if (!cells[c].isEmpty()) {
            ws.value(rowNo - 1, c, cells[c]);
          }
        }
      }
      wb.finish();
    }
    return path;
  }

  @Test
  @Order(1)
  @DisplayName(
      "客户 → 导入: a 1,000-row workbook previews 975 new, 20 duplicates and 5 errors, imports with progress, and the result file names them")
  void importsAThousandRows() throws Exception {
    login(org.tenantA.corpId(), "lilei");
    browser.get(base + "/m/#/customers");
    tap(By.cssSelector("[data-test=import]"));
    visible(By.cssSelector("[data-test=template]"));
    shot("import-choose");
    browser.findElement(By.cssSelector("[data-test=file]")).sendKeys(file.toString());
    wait.until(
        d ->
            d.findElement(By.cssSelector("[data-test=chosen]"))
                .getText()
                .contains(file.getFileName().toString()));
    tap(By.cssSelector("[data-test=upload]"));

    assertThat(visible(By.cssSelector("[data-test=count-new]")).getText()).contains("975");
    assertThat(visible(By.cssSelector("[data-test=count-duplicate]")).getText()).contains("20");
    assertThat(visible(By.cssSelector("[data-test=count-in-file]")).getText()).contains("0");
    assertThat(visible(By.cssSelector("[data-test=count-error]")).getText()).contains("5");
    wait.until(d -> d.findElements(By.cssSelector("[data-test=problems] .problem")).size() == 25);
    String problems = visible(By.cssSelector("[data-test=problems]")).getText();
    assertThat(problems)
        .contains("第 8 行", "客户名称为空")
        .contains("第 51 行 · 既有客户1号有限公司", "与已有客户「既有客户1号有限公司」重复（负责人：李雷）")
        .contains("级别「VIP」无效")
        .contains("电话格式不对：「电话待定」")
        .contains("负责人「赵六」不存在或不在你的权限内");
    shot("import-preview");
    long customersBefore = customers();

    tap(By.cssSelector("[data-test=start]"));
    // the page follows the job from the moment it is started
    visible(By.cssSelector("[data-test=progress]"));
    assertThat(visible(By.cssSelector("[data-test=progress-text]")).getText()).endsWith("/ 1000");
    wait.withTimeout(Duration.ofSeconds(60))
        .until(
            d ->
                d.findElement(By.cssSelector("[data-test=status]"))
                    .getText()
                    .contains("导入完成：新建 975，重复跳过 20，错误 5"));
    assertThat(visible(By.cssSelector("[data-test=progress-text]")).getText())
        .contains("1000 / 1000");
    assertThat(visible(By.cssSelector("[data-test=progress]")).getText()).contains("100%");
    visible(By.cssSelector("[data-test=result]"));
    shot("import-done");
    assertThat(customers()).isEqualTo(customersBefore + 975);

    List<String> result = resultFile(currentJob());
    assertThat(result).hasSize(ROWS + 1);
    assertThat(result.get(0)).isEqualTo("行号|客户名称|结果|原因");
    List<String> notCreated = result.stream().skip(1).filter(l -> !l.contains("|新建|")).toList();
    List<String> expected = new ArrayList<>();
    PROBLEMS.forEach(
        (rowNo, outcome) -> {
          String[] o = outcome.split("\\|");
          String name =
              o[1].startsWith("与已有客户")
                  ? o[1].substring(o[1].indexOf('「') + 1, o[1].indexOf('」'))
                  : o[1].equals("客户名称为空") ? "" : rowName(rowNo);
          expected.add(rowNo + "|" + name + "|" + o[0] + "|" + o[1]);
        });
    assertThat(notCreated).containsExactlyElementsOf(expected);
    assertThat(result.get(1)).isEqualTo("2|导入测试1号科技有限公司|新建|");

    // 导入线索 on the same page: the kind switch, 查重 against the customers, the import
    browser.get(base + "/m/#/imports/new");
    tap(By.xpath("//*[@role='tab' and contains(., '导入线索')]"));
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=template]")).getText().contains("线索导入模板"));
    Path leads = leadWorkbook();
    browser.findElement(By.cssSelector("[data-test=file]")).sendKeys(leads.toString());
    wait.until(
        d ->
            d.findElement(By.cssSelector("[data-test=chosen]"))
                .getText()
                .contains(leads.getFileName().toString()));
    tap(By.cssSelector("[data-test=upload]"));
    assertThat(visible(By.cssSelector("[data-test=count-new]")).getText()).contains("2");
    assertThat(visible(By.cssSelector("[data-test=count-duplicate]")).getText())
        .contains("与已有线索或客户")
        .contains("1");
    tap(By.cssSelector("[data-test=start]"));
    wait.withTimeout(Duration.ofSeconds(30))
        .until(
            d ->
                d.findElement(By.cssSelector("[data-test=status]"))
                    .getText()
                    .contains("导入完成：新建 2，重复跳过 1，错误 0"));
    assertThat(
            await(
                    pool.query(
                            "SELECT count(*) FROM lead WHERE source = 'import' AND company LIKE '浏览器线索%'")
                        .execute())
                .iterator()
                .next()
                .getLong(0))
        .isEqualTo(2);
  }

  /** Three leads: two new, one a customer 李雷 has already. */
  static Path leadWorkbook() throws IOException {
    Path path = Files.createTempFile("线索导入-", ".xlsx");
    try (OutputStream out = Files.newOutputStream(path)) {
      Workbook wb = new Workbook(out, "test", "1.0");
      Worksheet ws = wb.newWorksheet("线索");
      List<List<String>> lines =
          List.of(
              List.of("公司名称*", "电话"),
              List.of("浏览器线索甲科技", "0571-80000001"),
              List.of("既有客户2号有限公司", "0571-80000002"),
              List.of("浏览器线索乙科技", "0571-80000003"));
      for (int r = 0; r < lines.size(); r++) {
        for (int c = 0; c < lines.get(r).size(); c++) {
          ws.value(r, c, lines.get(r).get(c));
        }
      }
      wb.finish();
    }
    return path;
  }

  static String rowName(int rowNo) {
    return "导入测试" + (rowNo - 1) + "号科技有限公司";
  }

  static long customers() {
    return await(pool.query("SELECT count(*) FROM customer WHERE deleted_at IS NULL").execute())
        .iterator()
        .next()
        .getLong(0);
  }

  static long currentJob() {
    String url = browser.getCurrentUrl();
    return Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
  }

  /** The result workbook, fetched as the page's 下载导入结果 does, each row as 行号|名称|结果|原因. */
  static List<String> resultFile(long job) throws Exception {
    String token =
        (String)
            ((JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('crm.session')");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> link =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/customer-imports/" + job + "/result-link"))
                .header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
    String url = new JsonObject(link.body()).getString("url");
    HttpResponse<byte[]> xlsx =
        http.send(
            HttpRequest.newBuilder(URI.create(base + url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(xlsx.statusCode()).isEqualTo(200);
    return ImportApiTest.resultLines(xlsx.body());
  }
}
