package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 导出 Excel (issue #22) over real HTTP: each user downloads exactly the customers they may see, the
 * workbook read back with a streaming reader; the link is the credential, so a changed one is
 * refused; each download is audited.
 */
class ExportApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    Engine engine = Engine.on(db.pool(), Clock.systemUTC());
    await(engine.customers().create(api.org.a(api.org.rep1), NewCustomer.named("李雷的星河传媒")));
    await(engine.customers().create(api.org.a(api.org.rep1), NewCustomer.named("李雷的蓝鲸科技")));
    await(engine.customers().create(api.org.a(api.org.rep2), NewCustomer.named("韩梅梅的鼎海贸易")));
    await(engine.customers().create(api.org.a(api.org.rep3), NewCustomer.named("赵六的羊城印务")));
  }

  static String link(String token, JsonObject filter) {
    JsonObject answer = api.ok(token, HttpMethod.POST, "/api/exports/customers", filter, 200);
    assertThat(answer.getLong("expiresInSeconds")).isEqualTo(86_400L);
    return answer.getString("url");
  }

  static HttpResponse<Buffer> download(String url) {
    return await(api.client.get(api.port, "127.0.0.1", url).send());
  }

  static List<String> names(HttpResponse<Buffer> r) throws IOException {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("content-type")).contains("spreadsheetml");
    assertThat(r.getHeader("content-disposition")).contains("attachment");
    List<String> names = new ArrayList<>();
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      List<Row> rows = wb.getFirstSheet().read();
      assertThat(rows.get(0).getCellAsString(0)).contains("客户名称");
      assertThat(rows.get(0).getCellAsString(3)).contains("负责人");
      for (Row row : rows.subList(1, rows.size())) {
        names.add(row.getCellAsString(0).orElse(""));
      }
    }
    return names;
  }

  @Test
  @DisplayName("a rep exports their own customers, a manager their team's, the admin everyone's")
  void eachSeesTheirOwn() throws IOException {
    JsonObject team = new JsonObject().put("scope", "team");
    assertThat(names(download(link(api.login("lilei"), team))))
        .containsExactlyInAnyOrder("李雷的星河传媒", "李雷的蓝鲸科技");
    assertThat(names(download(link(api.login("zhang"), team))))
        .containsExactlyInAnyOrder("李雷的星河传媒", "李雷的蓝鲸科技", "韩梅梅的鼎海贸易");
    assertThat(names(download(link(api.login("wang"), team))))
        .containsExactlyInAnyOrder("李雷的星河传媒", "李雷的蓝鲸科技", "韩梅梅的鼎海贸易", "赵六的羊城印务");
    assertThat(
            names(
                download(
                    link(
                        api.login("zhang"),
                        new JsonObject().put("scope", "team").put("ownerId", api.org.rep2)))))
        .containsExactly("韩梅梅的鼎海贸易");
  }

  @Test
  @DisplayName("a filter on someone the user may not see is refused before any link is made")
  void othersOwnersAreRefused() {
    HttpResponse<Buffer> r =
        api.call(
            api.login("lilei"),
            HttpMethod.POST,
            "/api/exports/customers",
            new JsonObject().put("scope", "team").put("ownerId", api.org.rep3));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName(
      "a changed link (scope, user, signature) is refused 403; a malformed one 400; nothing leaks")
  void theLinkIsTheCredential() {
    String url = link(api.login("lilei"), new JsonObject().put("scope", "mine"));
    HttpResponse<Buffer> widened = download(url.replace("scope=mine", "scope=team"));
    assertThat(widened.statusCode()).isEqualTo(403);
    assertThat(widened.bodyAsJsonObject().getString("code")).isEqualTo("export_link_invalid");
    HttpResponse<Buffer> otherUser =
        download(url.replace("/" + api.org.rep1 + "/", "/" + api.org.admin + "/"));
    assertThat(otherUser.statusCode()).isEqualTo(403);
    assertThat(download(url.replaceAll("sig=[0-9a-f]+", "sig=zz")).statusCode()).isEqualTo(400);
    assertThat(download(url.replaceAll("&exp=[0-9]+", "")).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("every download is in the audit log with its row count")
  void downloadsAreAudited() throws IOException {
    String url = link(api.login("zhang"), new JsonObject().put("scope", "team"));
    assertThat(names(download(url))).hasSize(3);
    long rows =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'export'"
                            + " AND entity_type = 'customer_list' AND entity_id = $2"
                            + " AND (changes ->> 'rows')::int = 3")
                    .execute(io.vertx.sqlclient.Tuple.of(api.org.tenantA.id(), api.org.manager1)))
            .iterator()
            .next()
            .getLong(0);
    assertThat(rows).isGreaterThanOrEqualTo(1);
  }
}
