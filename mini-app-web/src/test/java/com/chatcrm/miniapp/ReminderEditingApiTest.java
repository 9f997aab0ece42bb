package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.miniapp.PermissionMatrix.Check;
import com.chatcrm.miniapp.PermissionMatrix.Role;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22, second slice: changing a reminder's time and text from the mini-app. The engine's rule
 * for reminders decides, as for 完成 and 稍后: the owner, their managers and the admin may; one the
 * user may not see answers like a missing id. The customer's page lists the reminders about it the
 * user may change, each with 编辑 (so a manager reaches a subordinate's). As a rep (李雷), a manager
 * (张经理) and the admin (王总) of {@code OrgFixture}, on their own, a subordinate's and someone else's
 * reminder.
 */
class ReminderEditingApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;
  static PermissionMatrix matrix;
  static String rep;
  static String manager;
  static String admin;
  static int counter;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
    matrix = new PermissionMatrix(api);
    rep = matrix.token(Role.REP);
    manager = matrix.token(Role.MANAGER);
    admin = matrix.token(Role.ADMIN);
  }

  static Instant inDays(int days) {
    return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
  }

  /** A reminder of {@code owner}'s, two days ahead. */
  static JsonObject seed(long owner) {
    counter++;
    long id =
        await(
                new ReminderService(db.pool())
                    .create(api.org.a(owner), NewReminder.at(inDays(2), "原来的提醒" + counter)))
            .id();
    return reminder(owner, id);
  }

  /** The reminder as its owner's engine reads it. */
  static JsonObject reminder(long owner, long id) {
    var r = await(new ReminderService(db.pool()).get(api.org.a(owner), id));
    return new JsonObject()
        .put("id", r.id())
        .put("text", r.text())
        .put("dueAt", r.dueAt().toString())
        .put("status", r.status().code())
        .put("version", r.version());
  }

  static String path(JsonObject r) {
    return "/api/reminders/" + r.getLong("id");
  }

  static void allowed(String token, long owner) {
    JsonObject r = seed(owner);
    Instant due = inDays(3);
    JsonObject edited =
        api.ok(
            token,
            HttpMethod.PATCH,
            path(r),
            new JsonObject()
                .put("version", r.getInteger("version"))
                .put("text", "改过的提醒")
                .put("dueAt", due.toString()),
            200);
    assertThat(edited.getString("text")).isEqualTo("改过的提醒");
    assertThat(Instant.parse(edited.getString("dueAt"))).isEqualTo(due);
    assertThat(edited.getInteger("version")).isGreaterThan(r.getInteger("version"));
    SettingsApiTest.error(
        api.call(
            token,
            HttpMethod.PATCH,
            path(r),
            new JsonObject().put("version", r.getInteger("version")).put("text", "旧页面")),
        409,
        "stale_version");
    assertThat(reminder(owner, r.getLong("id")).getString("text")).isEqualTo("改过的提醒");
    assertThat(api.actions("reminder", r.getLong("id"))).containsExactly("create", "update");
  }

  static void hidden(String token, long owner) {
    JsonObject r = seed(owner);
    api.sameAsMissing(
        token,
        HttpMethod.PATCH,
        "/api/reminders/%d",
        r.getLong("id"),
        new JsonObject().put("version", r.getInteger("version")).put("text", "偷改"),
        "原来的提醒");
    assertThat(reminder(owner, r.getLong("id"))).isEqualTo(r);
  }

  @Test
  @DisplayName("a rep changes their own reminder; a colleague's is as if missing")
  void rep() {
    matrix.walk(Role.REP, EDITABLE, null, HIDDEN);
  }

  @Test
  @DisplayName("a manager changes their own and their subordinates' reminders, as the engine lets")
  void manager() {
    matrix.walk(Role.MANAGER, EDITABLE, EDITABLE, HIDDEN);
  }

  @Test
  @DisplayName("the admin changes anyone's reminder")
  void admin() {
    matrix.walk(Role.ADMIN, EDITABLE, EDITABLE, EDITABLE);
  }

  static final Check EDITABLE =
      ((Check) ReminderEditingApiTest::allowed).then(ReminderEditingApiTest::onCustomerPage);
  static final Check HIDDEN =
      ((Check) ReminderEditingApiTest::hidden).then(ReminderEditingApiTest::customerPageHidden);

  /** A reminder about a new customer of {@code owner}'s: the customer's id and the reminder's. */
  static long[] seedAboutCustomer(long owner) {
    counter++;
    long customer =
        await(
                new CustomerService(db.pool())
                    .create(api.org.a(owner), NewCustomer.named("提醒测试客户" + counter + "号")))
            .id();
    long id =
        await(
                new ReminderService(db.pool())
                    .create(
                        api.org.a(owner),
                        NewReminder.at(inDays(2), "客户页的提醒" + counter).aboutCustomer(customer)))
            .id();
    return new long[] {customer, id};
  }

  static List<JsonObject> customerPage(String token, long customer) {
    return api
        .ok(token, HttpMethod.GET, "/api/customers/" + customer + "/reminders", null, 200)
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  /** The customer's page lists the owner's reminder with 编辑, and its 编辑 saves. */
  static void onCustomerPage(String token, long owner) {
    long[] seeded = seedAboutCustomer(owner);
    JsonObject item =
        customerPage(token, seeded[0]).stream()
            .filter(r -> r.getLong("id") == seeded[1])
            .findFirst()
            .orElseThrow(() -> new AssertionError("reminder " + seeded[1] + " not listed"));
    assertThat(item.getBoolean("canEdit")).isTrue();
    assertThat(item.getString("ownerName")).isNotBlank();
    api.ok(
        token,
        HttpMethod.PATCH,
        "/api/reminders/" + seeded[1],
        new JsonObject().put("version", item.getInteger("version")).put("text", "在客户页改的"),
        200);
    assertThat(reminder(owner, seeded[1]).getString("text")).isEqualTo("在客户页改的");
  }

  /** The page of a customer the user may not see answers like a missing one. */
  static void customerPageHidden(String token, long owner) {
    long[] seeded = seedAboutCustomer(owner);
    api.sameAsMissing(
        token, HttpMethod.GET, "/api/customers/%d/reminders", seeded[0], null, "客户页的提醒");
  }

  @Test
  @DisplayName(
      "a collaborator sees the customer's page without the owner's reminders, and with their own")
  void collaboratorSeesOnlyTheirOwn() {
    long[] seeded = seedAboutCustomer(api.org.rep1);
    await(
        new CustomerService(db.pool())
            .addCollaborator(api.org.a(api.org.rep1), seeded[0], api.org.rep3));
    long own =
        await(
                new ReminderService(db.pool())
                    .create(
                        api.org.a(api.org.rep3),
                        NewReminder.at(inDays(3), "协同人的提醒").aboutCustomer(seeded[0])))
            .id();
    assertThat(customerPage(api.login("zhaoliu"), seeded[0]))
        .extracting(r -> r.getLong("id"))
        .containsExactly(own);
    assertThat(customerPage(rep, seeded[0]))
        .extracting(r -> r.getLong("id"))
        .containsExactly(seeded[1]);
  }

  @Test
  @DisplayName("a past time, empty text or nothing to change is 400; a done reminder is 409")
  void refusals() {
    JsonObject r = seed(api.org.rep1);
    int v = r.getInteger("version");
    for (JsonObject body :
        new JsonObject[] {
          new JsonObject().put("version", v).put("dueAt", inDays(-1).toString()),
          new JsonObject().put("version", v).put("text", "   "),
          new JsonObject().put("version", v)
        }) {
      SettingsApiTest.error(api.call(rep, HttpMethod.PATCH, path(r), body), 400, "invalid_input");
    }
    api.ok(rep, HttpMethod.POST, path(r) + "/done", new JsonObject().put("version", v), 200);
    int done = reminder(api.org.rep1, r.getLong("id")).getInteger("version");
    JsonObject refused =
        SettingsApiTest.error(
            api.call(
                rep,
                HttpMethod.PATCH,
                path(r),
                new JsonObject().put("version", done).put("text", "完成后再改")),
            409,
            "conflict");
    assertThat(refused.getString("message")).contains("已完成，不能再修改");
  }

  @Test
  @DisplayName("a pushed reminder whose time moves waits again, to be pushed at the new time")
  void pushedThenMoved() {
    ReminderService reminders = new ReminderService(db.pool());
    long id =
        await(reminders.create(api.org.a(api.org.rep1), NewReminder.at(inDays(1), "明天回访"))).id();
    // only this one is due a day ahead: the others of this class are two and more days ahead
    await(reminders.claimDue(api.org.tenantA.id(), inDays(1).plus(1, ChronoUnit.MINUTES), 50));
    JsonObject sent = reminder(api.org.rep1, id);
    assertThat(sent.getString("status")).isEqualTo("sent");
    JsonObject moved =
        api.ok(
            rep,
            HttpMethod.PATCH,
            path(sent),
            new JsonObject()
                .put("version", sent.getInteger("version"))
                .put("dueAt", inDays(5).toString()),
            200);
    assertThat(moved.getString("status")).isEqualTo("pending");
  }
}
