package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 defect 3: a rep asking about a colleague's record by id learns nothing — every
 * operation answers exactly as it does for an id that does not exist (status, code, message,
 * details), never names the record or its owner, and changes nothing.
 */
class HiddenRecordsAnswerTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  /** No record has this id: the database hands out small ones. */
  static final long MISSING = 8_000_000_000L;

  static final String NAME = "赵六的秘密客户";

  static ApiHarness api;
  static String lilei;
  static String zhaoliu;
  static long customer;
  static long reminder;
  static long opportunity;
  static long mention;
  static long contact;
  static long followUp;
  static long deleted;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    lilei = api.login("lilei");
    zhaoliu = api.login("zhaoliu");
    customer =
        api.ok(zhaoliu, HttpMethod.POST, "/api/customers", new JsonObject().put("name", NAME), 201)
            .getLong("id");
    reminder =
        api.ok(
                zhaoliu,
                HttpMethod.POST,
                "/api/customers/" + customer + "/reminders",
                new JsonObject()
                    .put("dueAt", Instant.now().plus(2, ChronoUnit.DAYS).toString())
                    .put("text", "回访赵六的客户"),
                201)
            .getLong("id");
    opportunity =
        await(
                new OpportunityService(db.pool())
                    .create(
                        api.org.a(api.org.rep3),
                        NewOpportunity.of(customer, "赵六的秘密商机", new BigDecimal("50000"))))
            .id();
    mention =
        await(
                new MentionService(db.pool())
                    .mention(api.org.a(api.org.rep3), api.org.manager2, customer, null, "看一下"))
            .id();
    contact =
        api.ok(
                zhaoliu,
                HttpMethod.POST,
                "/api/customers/" + customer + "/contacts",
                new JsonObject()
                    .put("name", "赵六的联系人")
                    .put("phones", new JsonArray().add("13712345678")),
                201)
            .getLong("id");
    followUp =
        api.ok(
                zhaoliu,
                HttpMethod.POST,
                "/api/customers/" + customer + "/follow-ups",
                new JsonObject().put("method", "call").put("content", "赵六打了电话"),
                201)
            .getLong("id");
    deleted =
        api.ok(
                zhaoliu,
                HttpMethod.POST,
                "/api/customers",
                new JsonObject().put("name", "赵六删掉的客户"),
                201)
            .getLong("id");
    api.ok(zhaoliu, HttpMethod.DELETE, "/api/customers/" + deleted, null, 200);
  }

  /** The colleague's record and a missing id must get byte-for-byte the same answer. */
  private static void sameAsMissing(
      HttpMethod method, LongFunction<String> path, long hiddenId, JsonObject body) {
    JsonObject before = snapshot();
    HttpResponse<Buffer> hidden = api.call(lilei, method, path.apply(hiddenId), body);
    HttpResponse<Buffer> missing = api.call(lilei, method, path.apply(MISSING), body);
    String what = method + " " + path.apply(hiddenId);
    assertThat(hidden.statusCode()).as(what + " " + hidden.bodyAsString()).isEqualTo(404);
    assertThat(hidden.statusCode()).as(what).isEqualTo(missing.statusCode());
    assertThat(hidden.bodyAsJsonObject()).as(what).isEqualTo(missing.bodyAsJsonObject());
    assertThat(hidden.bodyAsString())
        .as(what)
        .doesNotContain(NAME)
        .doesNotContain("赵六")
        .doesNotContain(String.valueOf(api.org.rep3));
    assertThat(snapshot()).as(what + " changed nothing").isEqualTo(before);
  }

  /** What the owner sees of the customer and everything hanging off it. */
  private static JsonObject snapshot() {
    String c = "/api/customers/" + customer;
    return new JsonObject()
        .put("customer", api.ok(zhaoliu, HttpMethod.GET, c, null, 200))
        .put("contacts", api.ok(zhaoliu, HttpMethod.GET, c + "/contacts", null, 200))
        .put("followUps", api.ok(zhaoliu, HttpMethod.GET, c + "/follow-ups", null, 200))
        .put("opportunities", api.ok(zhaoliu, HttpMethod.GET, c + "/opportunities", null, 200))
        .put("reminders", api.ok(zhaoliu, HttpMethod.GET, "/api/reminders", null, 200));
  }

  @Test
  @DisplayName(
      "reading a colleague's customer and its contacts, follow-ups, deals, history: as if missing")
  void reads() {
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id, customer, null);
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id + "/contacts", customer, null);
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id + "/follow-ups", customer, null);
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id + "/opportunities", customer, null);
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id + "/audit", customer, null);
  }

  @Test
  @DisplayName("claiming a colleague's customer: as if missing, no name, no owner")
  void claim() {
    sameAsMissing(HttpMethod.POST, id -> "/api/customers/" + id + "/claim", customer, null);
  }

  @Test
  @DisplayName("writing to a colleague's customer: as if missing, and nothing is written")
  void writes() {
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/customers/" + id + "/contacts",
        customer,
        new JsonObject().put("name", "王经理"));
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/customers/" + id + "/follow-ups",
        customer,
        new JsonObject().put("content", "打了电话"));
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/customers/" + id + "/reminders",
        customer,
        new JsonObject()
            .put("dueAt", Instant.now().plus(1, ChronoUnit.DAYS).toString())
            .put("text", "再打一次"));
    sameAsMissing(
        HttpMethod.PATCH,
        id -> "/api/customers/" + id,
        customer,
        new JsonObject().put("version", 0).put("name", "改个名字"));
    sameAsMissing(HttpMethod.DELETE, id -> "/api/customers/" + id, customer, null);
    sameAsMissing(HttpMethod.POST, id -> "/api/customers/" + id + "/restore", customer, null);
    sameAsMissing(
        HttpMethod.POST, id -> "/api/customers/" + id + "/release", customer, new JsonObject());
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/customers/" + id + "/opportunities",
        customer,
        new JsonObject().put("name", "偷建的商机").put("amount", 1000));
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/customers/" + id + "/transfer",
        customer,
        new JsonObject().put("toUserId", api.org.rep1));
  }

  @Test
  @DisplayName("a colleague's reminder and deal by id: as if missing")
  void remindersAndDeals() {
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/reminders/" + id + "/done",
        reminder,
        new JsonObject().put("version", 0));
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/reminders/" + id + "/snooze",
        reminder,
        new JsonObject()
            .put("version", 0)
            .put("until", Instant.now().plus(3, ChronoUnit.HOURS).toString()));
    long stage = await(new StageService(db.pool()).list(api.org.a(api.org.rep1))).get(1).id();
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/opportunities/" + id + "/stage",
        opportunity,
        new JsonObject().put("version", 0).put("stageId", stage));
    sameAsMissing(
        HttpMethod.PATCH,
        id -> "/api/opportunities/" + id,
        opportunity,
        new JsonObject().put("version", 0).put("amount", 1).put("expectedClose", "2031-01-01"));
    sameAsMissing(
        HttpMethod.POST,
        id -> "/api/opportunities/" + id + "/lose",
        opportunity,
        new JsonObject().put("version", 0).put("reason", "价格太高"));
    sameAsMissing(
        HttpMethod.PATCH,
        id -> "/api/reminders/" + id,
        reminder,
        new JsonObject().put("version", 0).put("text", "改个时间"));
    sameAsMissing(HttpMethod.POST, id -> "/api/mentions/" + id + "/done", mention, null);
  }

  @Test
  @DisplayName(
      "a colleague's contact and follow-up by id: as if missing; the contact's phone is warned of without a name")
  void contacts() {
    sameAsMissing(
        HttpMethod.PATCH,
        id -> "/api/contacts/" + id,
        contact,
        new JsonObject().put("version", 0).put("name", "改个名字"));
    sameAsMissing(HttpMethod.DELETE, id -> "/api/contacts/" + id, contact, null);
    sameAsMissing(
        HttpMethod.PATCH,
        id -> "/api/follow-ups/" + id,
        followUp,
        new JsonObject().put("content", "改个说法"));
    long mine =
        api.ok(lilei, HttpMethod.POST, "/api/customers", new JsonObject().put("name", "李雷的客户"), 201)
            .getLong("id");
    HttpResponse<Buffer> warned =
        api.call(
            lilei,
            HttpMethod.POST,
            "/api/customers/" + mine + "/contacts",
            new JsonObject().put("name", "撞号").put("phones", new JsonArray().add("137 1234 5678")));
    assertThat(warned.statusCode()).isEqualTo(409);
    assertThat(warned.bodyAsJsonObject().getString("code")).isEqualTo("duplicate_phone");
    assertThat(warned.bodyAsString()).doesNotContain("赵六").doesNotContain(NAME);
  }

  @Test
  @DisplayName("a colleague's deleted customer: as if it never existed, restore and claim included")
  void deletedCustomer() {
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id, deleted, null);
    sameAsMissing(HttpMethod.POST, id -> "/api/customers/" + id + "/restore", deleted, null);
    sameAsMissing(HttpMethod.POST, id -> "/api/customers/" + id + "/claim", deleted, null);
    sameAsMissing(HttpMethod.GET, id -> "/api/customers/" + id + "/audit", deleted, null);
  }
}
