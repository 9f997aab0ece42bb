package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.contact.Contact;
import com.chatcrm.engine.contact.ContactChanges;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue #22's editing leftovers in the browser: a manager changes a subordinate's reminder from the
 * customer's page, and the customer's 操作记录 then shows that and the contact's change in Chinese,
 * with who and old → new, the time on the company's clock.
 */
class EditingBrowserTest extends BrowserTestBase {

  static long reminderId;
  static Contact wang;

  /** 李雷's 鸿运物流 has a contact 王采购 whose phone he changed, and his reminder 回访鸿运物流. */
  @BeforeAll
  static void seed() {
    seedLiLeisCustomers();
    ContactService contacts = new ContactService(pool);
    Contact added =
        await(
            contacts.add(
                org.a(org.rep1), customerId, NewContact.named("王采购").withPhones("13800001111")));
    wang =
        await(
            contacts.update(
                org.a(org.rep1),
                added.id(),
                added.version(),
                ContactChanges.none().phones(List.of("13900002222"))));
    reminderId =
        await(
                new ReminderService(pool)
                    .create(
                        org.a(org.rep1),
                        // 5月20日 10:00 in Shanghai
                        NewReminder.at(Instant.parse("2031-05-20T02:00:00Z"), "回访鸿运物流")
                            .aboutCustomer(customerId)))
            .id();
  }

  @Test
  @Order(1)
  @DisplayName("张经理 opens 李雷's customer, sees 李雷's reminder with 编辑 and moves it")
  void managerEditsSubordinatesReminder() throws IOException {
    login(org.tenantA.corpId(), "zhang");
    browser.get(base + "/m/#/customers/" + customerId);
    WebElement item = visible(By.cssSelector("[data-test=customer-reminder]"));
    wait.until(d -> item.getText().contains("回访鸿运物流") && item.getText().contains("李雷"));
    tap(By.cssSelector("[data-test=edit-customer-reminder]"));
    String form = "[data-test=reminder-edit-form] ";
    WebElement text = visible(By.cssSelector(form + "input[name=text]"));
    wait.until(d -> text.getDomProperty("value").equals("回访鸿运物流"));
    setValue(text, "回访鸿运物流，带上报价");
    setValue(
        browser.findElement(By.cssSelector(form + "input[type=datetime-local]")),
        "2031-05-21T09:30");
    shot("manager-reminder-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("提醒已修改");

    browser.navigate().refresh();
    WebElement moved = visible(By.cssSelector("[data-test=customer-reminder]"));
    wait.until(d -> moved.getText().contains("回访鸿运物流，带上报价"));
    assertThat(moved.getText()).contains("5月21日 09:30", "李雷");
    var r = await(new ReminderService(pool).get(org.a(org.rep1), reminderId));
    assertThat(r.text()).isEqualTo("回访鸿运物流，带上报价");
    assertThat(r.dueAt()).isEqualTo(Instant.parse("2031-05-21T01:30:00Z"));
    assertThat(r.ownerId()).as("still 李雷's").isEqualTo(org.rep1);
  }

  @Test
  @Order(2)
  @DisplayName(
      "操作记录 shows the contact's new phone and the manager's change of the reminder: who, old → new")
  void historyShowsTheEdits() throws IOException {
    login(org.tenantA.corpId(), "lilei");
    browser.get(base + "/m/#/customers/" + customerId);
    tap(By.xpath("//*[@role='tab'][.//*[text()='操作记录']]"));
    WebElement contact = line("修改联系人「王采购」");
    assertThat(contact.getText()).contains("李雷", "电话：13800001111 → 13900002222");
    WebElement reminder = line("修改提醒「回访鸿运物流，带上报价」");
    assertThat(reminder.getText())
        .contains("张经理", "提醒时间：5月20日 10:00 → 5月21日 09:30", "内容：回访鸿运物流 → 回访鸿运物流，带上报价");
    shot("customer-audit-edits");
    assertThat(
            browser.findElements(
                By.xpath("//*[contains(text(), 'dueAt') or contains(text(), 'update')]")))
        .isEmpty();
  }

  /** The 操作记录 entry whose title says {@code what}. */
  static WebElement line(String what) {
    return visible(By.xpath("//*[@data-test='audit-line'][contains(., '" + what + "')]"));
  }
}
