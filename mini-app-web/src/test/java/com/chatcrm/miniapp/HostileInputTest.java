package com.chatcrm.miniapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 defect 5 on the API: control characters in text, ids that are not plain bigint digits,
 * dates no real sale has and out-of-range page sizes each answer 400 invalid_input naming the
 * field, and write nothing.
 */
class HostileInputTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static String lilei;
  static long customer;
  static long reminder;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    lilei = api.login("lilei");
    customer =
        api.ok(lilei, HttpMethod.POST, "/api/customers", new JsonObject().put("name", "星河传媒"), 201)
            .getLong("id");
    reminder =
        api.ok(
                lilei,
                HttpMethod.POST,
                "/api/customers/" + customer + "/reminders",
                new JsonObject()
                    .put("dueAt", Instant.now().plus(1, ChronoUnit.DAYS).toString())
                    .put("text", "回访"),
                201)
            .getLong("id");
  }

  /** The answer is 400 invalid_input naming {@code field}, and the user's data is as before. */
  private static void refused(HttpMethod method, String path, JsonObject body, String field) {
    String before = state();
    HttpResponse<Buffer> r = api.call(lilei, method, path, body);
    String what = method + " " + path + " " + body;
    assertThat(r.statusCode()).as(what + " → " + r.bodyAsString()).isEqualTo(400);
    JsonObject answer = r.bodyAsJsonObject();
    assertThat(answer.getString("code")).as(what).isEqualTo("invalid_input");
    assertThat(answer.getJsonObject("details").getString("field")).as(what).isEqualTo(field);
    assertThat(answer.getString("message")).as(what).containsPattern("\\p{IsHan}");
    assertThat(state()).as(what + " wrote nothing").isEqualTo(before);
  }

  /** Everything lilei's calls could have changed. */
  private static String state() {
    String c = "/api/customers/" + customer;
    return new JsonObject()
        .put("customers", api.ok(lilei, HttpMethod.GET, "/api/customers?scope=mine", null, 200))
        .put("customer", api.ok(lilei, HttpMethod.GET, c, null, 200))
        .put("contacts", api.ok(lilei, HttpMethod.GET, c + "/contacts", null, 200))
        .put("followUps", api.ok(lilei, HttpMethod.GET, c + "/follow-ups", null, 200))
        .put("reminders", api.ok(lilei, HttpMethod.GET, "/api/reminders", null, 200))
        .encode();
  }

  private static String later() {
    return Instant.now().plus(2, ChronoUnit.DAYS).toString();
  }

  @Test
  @DisplayName(
      "NUL and other control characters in names and texts: 400 naming the field, nothing stored")
  void controlCharacters() {
    String c = "/api/customers/" + customer;
    refused(HttpMethod.POST, "/api/customers", new JsonObject().put("name", "星河\u0000传媒"), "name");
    refused(HttpMethod.POST, "/api/customers", new JsonObject().put("name", "星河传媒二\u0001"), "name");
    refused(HttpMethod.POST, "/api/customers", new JsonObject().put("name", "伪造\r\n日志"), "name");
    refused(
        HttpMethod.POST,
        "/api/customers",
        new JsonObject().put("name", "好名字").put("address", "a\u0000"),
        "address");
    refused(
        HttpMethod.PATCH, c, new JsonObject().put("version", 1).put("name", "改\u0000名"), "name");
    refused(HttpMethod.POST, c + "/contacts", new JsonObject().put("name", "王\u0000经理"), "name");
    refused(
        HttpMethod.POST,
        c + "/follow-ups",
        new JsonObject().put("content", "打了\u0000电话"),
        "content");
    refused(
        HttpMethod.POST,
        c + "/follow-ups",
        new JsonObject().put("content", "打了电话").put("nextStep", "x\u0007"),
        "nextStep");
    refused(
        HttpMethod.POST,
        c + "/reminders",
        new JsonObject().put("dueAt", later()).put("text", "回\u0000访"),
        "text");
  }

  @Test
  @DisplayName(
      "NUL in a search, a filter, a cursor or a login's company: 400 naming it, not a database error")
  void controlCharactersInLookups() {
    refused(HttpMethod.GET, "/api/customers?q=%E6%98%9F%00", null, "q");
    refused(HttpMethod.GET, "/api/customers?tag=%00", null, "tag");
    refused(HttpMethod.GET, "/api/pool?industry=%00", null, "industry");
    refused(HttpMethod.GET, "/api/pool?cursor=%01abc", null, "cursor");
    refused(
        HttpMethod.GET, "/api/customers/" + customer + "/follow-ups?cursor=%00", null, "cursor");
    refused(HttpMethod.GET, "/api/dev-login?corpId=%00", null, "corpId");
    refused(
        HttpMethod.POST,
        "/api/dev-login",
        new JsonObject().put("corpId", api.org.tenantA.corpId() + "\u0000").put("userId", "lilei"),
        "corpId");
    refused(
        HttpMethod.POST,
        "/api/dev-login",
        new JsonObject().put("corpId", api.org.tenantA.corpId()).put("userId", "li\u0000lei"),
        "userId");
  }

  @Test
  @DisplayName("tabs and line breaks in a follow-up are text, not hostile bytes")
  void tabsAndNewlinesStay() {
    JsonObject f =
        api.ok(
            lilei,
            HttpMethod.POST,
            "/api/customers/" + customer + "/follow-ups",
            new JsonObject().put("content", "第一行\n第二行\t缩进"),
            201);
    assertThat(f.getString("content")).isEqualTo("第一行\n第二行\t缩进");
  }

  @Test
  @DisplayName(
      "ids beyond bigint, in exponent form, signed or hex: 400 naming the id, never another record")
  void ids() {
    for (String id :
        new String[] {
          "99999999999999999999",
          "9223372036854775808",
          "1e3",
          "-1",
          "0",
          "0x10",
          "1.0",
          "+5",
          "007"
        }) {
      refused(HttpMethod.GET, "/api/customers/" + id, null, "id");
      refused(
          HttpMethod.POST,
          "/api/customers/" + id + "/follow-ups",
          new JsonObject().put("content", "打了电话"),
          "id");
      refused(
          HttpMethod.POST,
          "/api/reminders/" + id + "/done",
          new JsonObject().put("version", 0),
          "id");
    }
    // the largest bigint is an id like any other: there is none such
    assertThat(
            api.call(lilei, HttpMethod.GET, "/api/customers/9223372036854775807", null)
                .statusCode())
        .isEqualTo(404);
    refused(HttpMethod.GET, "/api/customers?ownerId=1e3", null, "ownerId");
    refused(HttpMethod.GET, "/api/customers?ownerId=99999999999999999999", null, "ownerId");
    refused(HttpMethod.GET, "/api/customers?cursor=9223372036854775808", null, "cursor");
    refused(
        HttpMethod.POST,
        "/api/customers/" + customer + "/transfer",
        new JsonObject(Buffer.buffer("{\"toUserId\": 1e3}")),
        "toUserId");
    refused(
        HttpMethod.POST,
        "/api/customers/" + customer + "/transfer",
        new JsonObject(Buffer.buffer("{\"toUserId\": 99999999999999999999}")),
        "toUserId");
    refused(
        HttpMethod.POST,
        "/api/reminders/" + reminder + "/done",
        new JsonObject(Buffer.buffer("{\"version\": 4294967296}")),
        "version");
  }

  @Test
  @DisplayName("dates outside 2000–2099: 400 naming the field")
  void dates() {
    String c = "/api/customers/" + customer;
    refused(
        HttpMethod.POST,
        c + "/reminders",
        new JsonObject().put("dueAt", "9999-12-31T00:00:00Z").put("text", "x"),
        "dueAt");
    refused(
        HttpMethod.POST,
        c + "/reminders",
        new JsonObject().put("dueAt", "2100-01-02T12:00:00Z").put("text", "x"),
        "dueAt");
    refused(
        HttpMethod.POST,
        c + "/follow-ups",
        new JsonObject().put("content", "很久以前").put("happenedAt", "0001-01-01T00:00:00Z"),
        "happenedAt");
    refused(
        HttpMethod.POST,
        c + "/follow-ups",
        new JsonObject().put("content", "很久以后").put("nextFollowUpAt", "9999-01-01T00:00:00Z"),
        "nextFollowUpAt");
    refused(
        HttpMethod.POST,
        "/api/reminders/" + reminder + "/snooze",
        new JsonObject().put("version", 0).put("until", "+10000-01-01T00:00:00Z"),
        "until");
    refused(
        HttpMethod.POST,
        "/api/reminders/" + reminder + "/snooze",
        new JsonObject().put("version", 0).put("until", "3000-01-01T00:00:00Z"),
        "until");
    refused(HttpMethod.GET, "/api/pipeline?month=0000-01", null, "month");
    refused(HttpMethod.GET, "/api/pipeline?month=9999-12", null, "month");
    // the edges of the range are accepted
    api.ok(
        lilei,
        HttpMethod.POST,
        c + "/follow-ups",
        new JsonObject().put("content", "千禧年").put("happenedAt", "2000-01-01T00:00:00+08:00"),
        201);
    api.ok(lilei, HttpMethod.GET, "/api/pipeline?month=2099-12", null, 200);
  }

  @Test
  @DisplayName("page sizes and day counts: zero, negative and huge are 400 naming the parameter")
  void pageSizes() {
    for (String limit : new String[] {"0", "-1", "101", "99999999999999999999", "abc"}) {
      refused(HttpMethod.GET, "/api/customers?limit=" + limit, null, "limit");
      refused(HttpMethod.GET, "/api/pool?limit=" + limit, null, "limit");
      refused(
          HttpMethod.GET,
          "/api/customers/" + customer + "/follow-ups?limit=" + limit,
          null,
          "limit");
    }
    refused(HttpMethod.GET, "/api/activity?days=0", null, "days");
    refused(HttpMethod.GET, "/api/activity?days=91", null, "days");
  }
}
