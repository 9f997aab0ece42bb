package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.contact.ContactChanges;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22: a customer's 操作记录 shows the edits of its contacts, follow-ups and reminders in
 * Chinese, with who, when and old → new; a colleague's reminder the reader may not see stays out of
 * it.
 */
class CustomerHistoryApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  @Test
  @DisplayName(
      "contact, follow-up and reminder edits are listed with who and old → new; a collaborator does"
          + " not see the owner's reminder")
  void editsOfTheCustomersRecords() {
    ApiHarness api = new ApiHarness(db);
    var org = api.org;
    long customer =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("星河传媒")))
            .id();
    ContactService contacts = new ContactService(db.pool());
    var wang =
        await(
            contacts.add(
                org.a(org.rep1), customer, NewContact.named("王采购").withPhones("13800001111")));
    await(
        contacts.update(
            org.a(org.rep1),
            wang.id(),
            wang.version(),
            ContactChanges.none().phones(List.of("13900002222"))));
    FollowUpService followUps = new FollowUpService(db.pool());
    long f = await(followUps.log(org.a(org.rep1), NewFollowUp.on(customer, "call", "聊了报价"))).id();
    await(followUps.edit(org.a(org.rep1), f, "聊了报价和交期", "visit"));
    ReminderService reminders = new ReminderService(db.pool());
    Instant due = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    var r =
        await(
            reminders.create(org.a(org.rep1), NewReminder.at(due, "回访报价").aboutCustomer(customer)));
    // the manager moves the rep's reminder
    await(reminders.edit(org.a(org.manager1), r.id(), r.version(), due.plusSeconds(3600), null));
    await(new CustomerService(db.pool()).addCollaborator(org.a(org.rep1), customer, org.rep3));

    List<JsonObject> lines = history(api, api.login("lilei"), customer);
    assertThat(lines)
        .extracting(l -> l.getString("entityLabel"))
        .contains("联系人「王采购」", "跟进记录", "提醒「回访报价」");
    JsonObject phone = only(lines, "联系人「王采购」", "update");
    assertThat(phone.getString("actorName")).isEqualTo("李雷");
    assertThat(phone.getString("actionLabel")).isEqualTo("修改");
    assertThat(phone.getJsonArray("changeLines").getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("label", "电话")
                .put("time", false)
                .put("from", "13800001111")
                .put("to", "13900002222"));
    JsonObject method = only(lines, "跟进记录", "update");
    assertThat(method.getJsonArray("changeLines").stream().map(Object::toString))
        .anySatisfy(l -> assertThat(l).contains("方式", "电话", "拜访"))
        .anySatisfy(l -> assertThat(l).contains("内容", "聊了报价和交期"));
    JsonObject moved = only(lines, "提醒「回访报价」", "update");
    assertThat(moved.getString("actorName")).isEqualTo("张经理");
    JsonObject time = moved.getJsonArray("changeLines").getJsonObject(0);
    assertThat(time.getString("label")).isEqualTo("提醒时间");
    assertThat(time.getBoolean("time")).isTrue();
    assertThat(Instant.parse(time.getString("to"))).isEqualTo(due.plusSeconds(3600));
    // a follow-up's or a reminder's creation is in its own list, not here
    assertThat(lines)
        .noneMatch(
            l ->
                "create".equals(l.getString("action"))
                    && List.of("follow_up", "reminder").contains(l.getString("entityType")));

    List<JsonObject> collaborator = history(api, api.login("zhaoliu"), customer);
    assertThat(collaborator).extracting(l -> l.getString("entityLabel")).contains("联系人「王采购」");
    assertThat(collaborator.toString()).doesNotContain("回访报价");
    api.sameAsMissing(
        api.login("hanmeimei"), HttpMethod.GET, "/api/customers/%d/audit", customer, null, "王采购");
  }

  static List<JsonObject> history(ApiHarness api, String token, long customer) {
    return api
        .ok(token, HttpMethod.GET, "/api/customers/" + customer + "/audit", null, 200)
        .getJsonArray("items")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  static JsonObject only(List<JsonObject> lines, String entity, String action) {
    return lines.stream()
        .filter(l -> entity.equals(l.getString("entityLabel")))
        .filter(l -> action.equals(l.getString("action")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(entity + " " + action + " in " + lines));
  }
}
