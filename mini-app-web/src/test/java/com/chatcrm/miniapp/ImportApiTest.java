package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.imports.CustomerImportVerticle;
import com.chatcrm.engine.lead.LeadAssignmentRule;
import com.chatcrm.engine.lead.LeadAssignmentRules;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.NewLead;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 导入客户 (issue #22) over real HTTP: the template, uploads of .xlsx and .csv in every encoding a
 * Chinese office produces, the refusals a user can cause, the preview, the background import with
 * its progress, and the result workbook read back.
 */
class ImportApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static String worker;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    await(engine.customers().create(api.org.a(api.org.rep3), NewCustomer.named("已有的羊城印务")));
    worker =
        await(
            db.vertx()
                .deployVerticle(
                    new CustomerImportVerticle(
                        db.pool(),
                        null,
                        new CustomerImportVerticle.Settings(
                            Duration.ofMillis(100),
                            Duration.ofSeconds(30),
                            com.chatcrm.engine.imports.ImportRunner.Settings.defaults()))));
  }

  @AfterAll
  static void stop() {
    await(db.vertx().undeploy(worker));
  }

  static HttpResponse<Buffer> upload(String token, String fileName, byte[] bytes) {
    return upload(token, "customer", fileName, bytes);
  }

  static HttpResponse<Buffer> upload(String token, String kind, String fileName, byte[] bytes) {
    return await(
        api.client
            .post(api.port, "127.0.0.1", "/api/customer-imports")
            .addQueryParam("fileName", fileName)
            .addQueryParam("kind", kind)
            .bearerTokenAuthentication(token)
            .putHeader("content-type", "application/octet-stream")
            .sendBuffer(Buffer.buffer(bytes)));
  }

  static JsonObject uploaded(String token, String fileName, byte[] bytes) {
    HttpResponse<Buffer> r = upload(token, fileName, bytes);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  static JsonArray rows(String token, long job, boolean problems) {
    return api.ok(
            token,
            HttpMethod.GET,
            "/api/customer-imports/" + job + "/rows?limit=200&problems=" + problems,
            null,
            200)
        .getJsonArray("items");
  }

  /** A result workbook's rows, each as 行号|客户名称|结果|原因. */
  static List<String> resultLines(byte[] xlsx) throws IOException {
    List<String> lines = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
      for (Row row : wb.getFirstSheet().read()) {
        lines.add(
            String.join(
                "|",
                row.getCellText(0),
                row.getCellText(1),
                row.getCellText(2),
                row.getCellText(3)));
      }
    }
    return lines;
  }

  static List<Integer> ints(JsonObject o, String... keys) {
    return java.util.Arrays.stream(keys).map(o::getInteger).toList();
  }

  static byte[] xlsx(List<List<String>> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook wb = new Workbook(out, "test", "1.0");
    Worksheet ws = wb.newWorksheet("客户");
    for (int r = 0; r < lines.size(); r++) {
      for (int c = 0; c < lines.get(r).size(); c++) {
        String v = lines.get(r).get(c);
        if (v != null) {
          ws.value(r, c, v);
        }
      }
    }
    wb.finish();
    return out.toByteArray();
  }

  static byte[] csv(String text, Charset charset, boolean bom) {
    byte[] body = text.getBytes(charset);
    if (!bom) {
      return body;
    }
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    return withBom;
  }

  @Test
  @DisplayName(
      "the template downloads without a session, and uploaded as it is previews its example row as 新建")
  void template() throws IOException {
    HttpResponse<Buffer> r =
        await(api.client.get(api.port, "127.0.0.1", "/imports/customer-template.xlsx").send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("content-disposition")).contains("attachment");
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      List<Row> rows = wb.getFirstSheet().read();
      List<String> header = new ArrayList<>();
      rows.get(0).forEach(c -> header.add(c.getText()));
      assertThat(header).containsExactlyElementsOf(ImportColumns.TEMPLATE);
      assertThat(rows.get(1).getCellText(0)).isEqualTo("星辰科技有限公司");
    }
    JsonObject job = uploaded(api.login("lilei"), "客户导入模板.xlsx", r.body().getBytes());
    assertThat(job.getString("status")).isEqualTo("preview");
    assertThat(job.getJsonObject("preview").getInteger("new")).isEqualTo(1);
    assertThat(job.getJsonArray("unknownColumns")).isEmpty();
  }

  @Test
  @DisplayName("a CSV in UTF-8, UTF-8 with BOM or GBK reads the same Chinese names")
  void encodings() {
    String token = api.login("lilei");
    String text = "客户名称,电话,级别\r\n编码-%s科技有限公司,021-6666%s,意向\r\n";
    Object[][] cases = {
      {"utf8", StandardCharsets.UTF_8, false, "1111"},
      {"bom", StandardCharsets.UTF_8, true, "2222"},
      {"gbk", Charset.forName("GBK"), false, "3333"}
    };
    for (Object[] c : cases) {
      String name = c[0] + "";
      byte[] bytes = csv(text.formatted(name, c[3]), (Charset) c[1], (Boolean) c[2]);
      JsonObject job = uploaded(token, name + ".csv", bytes);
      JsonArray all = rows(token, job.getLong("id"), false);
      assertThat(all.size()).as(name).isEqualTo(1);
      assertThat(all.getJsonObject(0).getString("name")).isEqualTo("编码-" + name + "科技有限公司");
      assertThat(all.getJsonObject(0).getInteger("rowNo")).isEqualTo(2);
      assertThat(all.getJsonObject(0).getString("result")).isEqualTo("新建");
    }
  }

  @Test
  @DisplayName(
      "headers match with spaces, marks and in any order; unknown columns are listed; a missing 客户名称 column is refused")
  void headers() throws IOException {
    String token = api.login("lilei");
    JsonObject job =
        uploaded(
            token,
            "乱序.xlsx",
            xlsx(
                List.of(
                    List.of("备注", " 电 话 ", "客户名称 *", "级别（潜在/意向）"),
                    List.of("随便写", "13912345678", "表头-甲公司", "成交"))));
    assertThat(job.getJsonArray("unknownColumns")).containsExactly("备注");
    assertThat(job.getJsonObject("preview").getInteger("new")).isEqualTo(1);

    HttpResponse<Buffer> missing =
        upload(token, "缺列.csv", "名字,电话\n甲,123456\n".getBytes(StandardCharsets.UTF_8));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getString("code")).isEqualTo("invalid_input");
    assertThat(missing.bodyAsJsonObject().getJsonObject("details").getString("reason"))
        .isEqualTo("missing_column");
    assertThat(missing.bodyAsJsonObject().getString("message")).contains("缺少必填列「客户名称」");
  }

  @Test
  @DisplayName("too big, too many rows, .xls, empty: refused in Chinese, nothing written")
  void refusals() {
    String token = api.login("lilei");
    HttpResponse<Buffer> big = upload(token, "大.csv", new byte[ImportUpload.MAX_BYTES + 1]);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.bodyAsJsonObject().getString("code")).isEqualTo("file_too_large");
    assertThat(big.bodyAsJsonObject().getString("message")).contains("20 MB");

    StringBuilder many = new StringBuilder("客户名称\n");
    for (int i = 0; i <= 100_000; i++) {
      many.append("行数-").append(i).append('\n');
    }
    HttpResponse<Buffer> tooMany =
        upload(token, "多.csv", many.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.bodyAsJsonObject().getJsonObject("details").getString("reason"))
        .isEqualTo("too_many_rows");

    byte[] xls = {
      (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };
    HttpResponse<Buffer> old = upload(token, "旧.xls", xls);
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.bodyAsJsonObject().getString("message")).contains(".xls");

    HttpResponse<Buffer> headerOnly =
        upload(token, "空.csv", "客户名称\n".getBytes(StandardCharsets.UTF_8));
    assertThat(headerOnly.statusCode()).isEqualTo(400);
    assertThat(headerOnly.bodyAsJsonObject().getJsonObject("details").getString("reason"))
        .isEqualTo("no_rows");

    HttpResponse<Buffer> anonymous =
        await(
            api.client
                .post(api.port, "127.0.0.1", "/api/customer-imports")
                .addQueryParam("fileName", "x.csv")
                .sendBuffer(Buffer.buffer("客户名称\n甲\n")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    long jobs =
        await(
                db.pool()
                    .query(
                        "SELECT count(*) FROM customer_import WHERE file_name LIKE '%.xls' OR file_name IN ('大.csv', '多.csv', '空.csv', 'x.csv')")
                    .execute())
            .iterator()
            .next()
            .getLong(0);
    assertThat(jobs).isZero();
  }

  @Test
  @DisplayName(
      "preview, 开始导入, progress to done, and the result workbook naming every row's outcome")
  void wholeImport() throws IOException {
    String token = api.login("zhang");
    byte[] file =
        xlsx(
            List.of(
                List.of("客户名称*", "电话", "联系人", "联系人电话", "负责人"),
                List.of("全程-甲科技", "021-12340001", "王五", "13700000001", "李雷"),
                List.of("已有的羊城印务有限公司", "", "", "", ""),
                List.of("全程-乙科技", "bad", "", "", ""),
                List.of("全程-甲科技", "", "", "", ""),
                List.of("全程-丙科技", "", "", "", "赵六")));
    JsonObject job = uploaded(token, "全程.xlsx", file);
    long id = job.getLong("id");
    JsonObject preview = job.getJsonObject("preview");
    assertThat(ints(preview, "new", "duplicate", "inFile", "error")).containsExactly(1, 1, 1, 2);
    JsonArray problems = rows(token, id, true);
    assertThat(problems.stream().map(o -> ((JsonObject) o).getString("reason")).toList())
        .containsExactly(
            "与已有客户「已有*****」重复（负责人：赵六）", "电话格式不对：「bad」", "与文件第 2 行重复", "负责人「赵六」不存在或不在你的权限内");
    // the same file again is the same job; someone else cannot see it
    assertThat(uploaded(token, "全程(1).xlsx", file).getLong("id")).isEqualTo(id);
    api.sameAsMissing(
        api.login("lilei"), HttpMethod.GET, "/api/customer-imports/%d", id, null, "全程");

    JsonObject started =
        api.ok(
            token,
            HttpMethod.POST,
            "/api/customer-imports/" + id + "/start",
            new JsonObject().put("onDuplicate", "skip"),
            200);
    assertThat(started.getString("status")).isIn("queued", "running", "done");
    JsonObject done =
        Eventually.within(Duration.ofSeconds(30))
            .as("the import to finish")
            .until(
                () -> api.ok(token, HttpMethod.GET, "/api/customer-imports/" + id, null, 200),
                j -> "done".equals(j.getString("status")));
    assertThat(ints(done, "processed", "created", "skipped", "failed")).containsExactly(5, 1, 2, 2);

    String url =
        api.ok(token, HttpMethod.POST, "/api/customer-imports/" + id + "/result-link", null, 200)
            .getString("url");
    HttpResponse<Buffer> result = await(api.client.get(api.port, "127.0.0.1", url).send());
    assertThat(result.statusCode()).as(result.bodyAsString()).isEqualTo(200);
    List<String> lines = resultLines(result.body().getBytes());
    assertThat(lines)
        .containsExactly(
            "行号|客户名称|结果|原因",
            "2|全程-甲科技|新建|",
            "3|已有的羊城印务有限公司|重复跳过|与已有客户「已有*****」重复（负责人：赵六）",
            "4|全程-乙科技|错误|电话格式不对：「bad」",
            "5|全程-甲科技|重复跳过|与文件第 2 行重复",
            "6|全程-丙科技|错误|负责人「赵六」不存在或不在你的权限内");
    HttpResponse<Buffer> tampered =
        await(
            api.client
                .get(api.port, "127.0.0.1", url.replace("/" + id + "/", "/" + (id + 1) + "/"))
                .send());
    assertThat(tampered.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName(
      "导入线索: its template, a preview with duplicates of a live lead and of a customer, the import"
          + " making leads from 导入 owned by the assignment rules or as named, and its result")
  void leads() throws IOException {
    HttpResponse<Buffer> template =
        await(api.client.get(api.port, "127.0.0.1", "/imports/lead-template.xlsx").send());
    assertThat(template.statusCode()).isEqualTo(200);
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(template.body().getBytes()))) {
      List<String> header = new ArrayList<>();
      wb.getFirstSheet().read().get(0).forEach(c -> header.add(c.getText()));
      assertThat(header).containsExactly("公司名称*", "联系人", "电话", "地区", "行业", "来源备注", "负责人");
    }
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    await(
        engine
            .leads()
            .capture(
                api.org.a(api.org.manager1),
                NewLead.of("既有线索-星河科技有限公司", LeadSource.MINI_APP),
                false));
    long east =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT id FROM department WHERE tenant_id = $1 AND platform_dept_id = 'east'")
                    .execute(Tuple.of(api.org.tenantA.id())))
            .iterator()
            .next()
            .getLong(0);
    await(
        new LeadAssignmentRules(db.pool())
            .replace(api.org.a(api.org.admin), List.of(LeadAssignmentRule.roundRobin(east))));

    String token = api.login("zhang");
    byte[] file =
        xlsx(
            List.of(
                List.of("公司名称*", "联系人", "电话", "地区", "来源备注", "负责人"),
                List.of("导入线索-甲科技", "王五", "021-88880001", "上海", "工博会", ""),
                List.of("已有的羊城印务有限公司", "", "", "", "", ""),
                List.of("既有线索-星河科技", "", "", "", "", ""),
                List.of("导入线索-乙科技", "", "021 8888 0001", "", "", ""),
                List.of("", "孙八", "", "", "", ""),
                List.of("导入线索-丙科技", "", "", "", "", "李雷"),
                List.of("导入线索-丁科技", "", "", "", "", "赵六")));
    HttpResponse<Buffer> wrongKind = upload(token, "contact", "线索.xlsx", file);
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(wrongKind.bodyAsJsonObject().getString("message")).contains("kind");
    HttpResponse<Buffer> noCompany =
        upload(token, "lead", "缺列.csv", "联系人,电话\n甲,123456\n".getBytes(StandardCharsets.UTF_8));
    assertThat(noCompany.bodyAsJsonObject().getString("message")).contains("缺少必填列「公司名称」");

    HttpResponse<Buffer> r = upload(token, "lead", "线索.xlsx", file);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject job = r.bodyAsJsonObject();
    long id = job.getLong("id");
    assertThat(job.getString("kind")).isEqualTo("lead");
    assertThat(ints(job.getJsonObject("preview"), "new", "duplicate", "inFile", "error"))
        .containsExactly(2, 2, 1, 2);
    assertThat(
            rows(token, id, true).stream().map(o -> ((JsonObject) o).getString("reason")).toList())
        .containsExactly(
            "与已有客户「已有*****」重复",
            "与已有线索「既有线索-星河科技有限公司」重复（负责人：张经理）",
            "与文件第 2 行重复",
            "公司名称为空",
            "负责人「赵六」不存在或不在你的权限内");
    // the same file as a customer import is another job
    assertThat(uploaded(token, "线索.xlsx", file).getString("kind")).isEqualTo("customer");

    api.ok(token, HttpMethod.POST, "/api/customer-imports/" + id + "/start", null, 200);
    JsonObject done =
        Eventually.within(Duration.ofSeconds(30))
            .as("the lead import to finish")
            .until(
                () -> api.ok(token, HttpMethod.GET, "/api/customer-imports/" + id, null, 200),
                j -> "done".equals(j.getString("status")));
    assertThat(ints(done, "processed", "created", "skipped", "failed")).containsExactly(7, 2, 3, 2);
    List<String> leads = new ArrayList<>();
    await(
            db.pool()
                .preparedQuery(
                    "SELECT l.company, l.source, u.name, l.note FROM lead l"
                        + " JOIN crm_user u ON u.tenant_id = l.tenant_id AND u.id = l.owner_id"
                        + " WHERE l.tenant_id = $1 AND l.company LIKE '导入线索-%' ORDER BY l.id")
                .execute(Tuple.of(api.org.tenantA.id())))
        .forEach(
            l ->
                leads.add(
                    String.join(
                        "|", l.getString(0), l.getString(1), l.getString(2), l.getString(3))));
    assertThat(leads).containsExactly("导入线索-甲科技|import|韩梅梅|工博会", "导入线索-丙科技|import|李雷|null");
    JsonObject created = rows(token, id, false).getJsonObject(0);
    assertThat(created.getLong("leadId")).isNotNull();
    assertThat(created.getLong("customerId")).isNull();

    String url =
        api.ok(token, HttpMethod.POST, "/api/customer-imports/" + id + "/result-link", null, 200)
            .getString("url");
    HttpResponse<Buffer> result = await(api.client.get(api.port, "127.0.0.1", url).send());
    assertThat(result.getHeader("content-disposition"))
        .contains(java.net.URLEncoder.encode("线索导入结果", StandardCharsets.UTF_8));
    List<String> lines = resultLines(result.body().getBytes());
    assertThat(lines.get(0)).isEqualTo("行号|公司名称|结果|原因");
    assertThat(lines.get(1)).isEqualTo("2|导入线索-甲科技|新建|");
    assertThat(lines).hasSize(8);
  }
}
