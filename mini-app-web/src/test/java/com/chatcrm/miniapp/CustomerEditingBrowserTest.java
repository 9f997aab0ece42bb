package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Editing in the mini-app as a person does it, in headless Chromium against the real API and
 * database, each change checked again after a reload: 级别 with a stale page, the customer's fields,
 * a deal created and edited, 退回公海, delete and restore, contacts with a duplicate phone, a follow-up
 * corrected by its author and a reminder moved.
 */
class CustomerEditingBrowserTest extends BrowserTestBase {

  /** 李雷 has 鸿运物流 with a deal, a follow-up and a reminder years ahead, and 华远建材; he is logged in. */
  @BeforeAll
  static void seed() {
    seedLiLeisCustomers();
    await(
        new ReminderService(pool)
            .create(
                org.a(org.rep1),
                NewReminder.at(Instant.parse("2031-05-20T02:00:00Z"), "回访鸿运物流")
                    .aboutCustomer(customerId)));
    login(org.tenantA.corpId(), "lilei");
  }

  @Test
  @Order(8)
  @DisplayName(
      "客户详情: 级别 opens 潜在 / 意向 / 成交 / 流失; 意向 is saved and shown, the deal stays; a stale page is refreshed")
  void setLevel() throws IOException {
    long stageBefore =
        await(new OpportunityService(pool).get(org.a(org.rep1), deal.id())).stageId();
    browser.get(base + "/m/#/customers/" + customerId);
    visible(By.cssSelector("[data-test=level]")).click();
    pick("意向");
    text("已改为 意向");
    wait.until(d -> d.findElement(By.cssSelector("[data-test=level]")).getText().contains("意向"));
    shot("customer-level");
    Object level =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/customers/"
                    + customerId
                    + "', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('crm.session')}})"
                    + ".then(r => r.json()).then(c => done(c.level), e => done('error ' + e))");
    assertThat(level).isEqualTo("intent");
    assertThat(await(new OpportunityService(pool).get(org.a(org.rep1), deal.id())).stageId())
        .as("the level never moves a deal")
        .isEqualTo(stageBefore);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    // someone else changes the customer while the page is open
    CustomerService customers = new CustomerService(pool);
    var now = await(customers.get(org.a(org.rep1), customerId));
    await(
        customers.update(
            org.a(org.rep1),
            customerId,
            now.version(),
            com.chatcrm.engine.customer.CustomerChanges.none()
                .level(com.chatcrm.engine.customer.CustomerLevel.LOST)));
    browser.findElement(By.cssSelector("[data-test=level]")).click();
    pick("成交");
    text("已被他人修改，请刷新");
    visible(By.cssSelector(".van-dialog__confirm")).click();
    wait.until(d -> d.findElement(By.cssSelector("[data-test=level]")).getText().contains("流失"));
    assertThat(await(customers.get(org.a(org.rep1), customerId)).level().code()).isEqualTo("lost");
  }

  @Test
  @Order(9)
  @DisplayName(
      "客户详情: 编辑 the customer, 新建商机 and change its amount and close date, then 退回公海; each still there after a reload")
  void editCustomerAndDealsThenReturnToPool() throws IOException {
    String page = base + "/m/#/customers/" + customerId;
    browser.get(page);
    tap(By.cssSelector("[data-test=edit-customer]"));
    String form = "[data-test=customer-form] ";
    setValue(visible(By.cssSelector(form + "input[name=name]")), "鸿运物流集团");
    setValue(browser.findElement(By.cssSelector(form + "input[name=industry]")), "仓储物流");
    setValue(browser.findElement(By.cssSelector(form + "input[name=region]")), "上海");
    shot("customer-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("已保存");
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=industry]")).getText().contains("仓储物流"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    dealsTab();
    tap(By.cssSelector("[data-test=add-opportunity]"));
    String deal = "[data-test=opportunity-form] ";
    setValue(visible(By.cssSelector(deal + "input[name=name]")), "冷链扩容");
    setValue(browser.findElement(By.cssSelector(deal + "input[name=amount]")), "88000");
    setValue(browser.findElement(By.cssSelector(deal + "input[type=date]")), "2031-09-30");
    tap(By.cssSelector(deal + "button[type=submit]"));
    text("商机已创建");
    String row = "[data-test=opportunity][data-name='冷链扩容']";
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("预计成交 2031-09-30"));
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("¥8.8万");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    tap(By.cssSelector(row));
    WebElement amount = visible(By.cssSelector(deal + "input[name=amount]"));
    wait.until(d -> "88000".equals(amount.getDomProperty("value")));
    setValue(amount, "120000");
    setValue(browser.findElement(By.cssSelector(deal + "input[type=date]")), "2031-12-15");
    shot("opportunity-edit");
    tap(By.cssSelector(deal + "button[type=submit]"));
    text("已保存");
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("预计成交 2031-12-15"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    // what a person sees after reloading the page
    browser.navigate().refresh();
    wait.until(
        d ->
            d.findElement(By.cssSelector("[data-test=customer-name]"))
                .getText()
                .contains("鸿运物流集团"));
    assertThat(visible(By.cssSelector("[data-test=region]")).getText()).contains("上海");
    dealsTab();
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("预计成交 2031-12-15"));
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("¥12万");
    shot("customer-deals");
    var deals = await(new OpportunityService(pool).listForCustomer(org.a(org.rep1), customerId));
    assertThat(deals)
        .filteredOn(o -> o.name().equals("冷链扩容"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.amount()).isEqualByComparingTo("120000");
              assertThat(o.expectedClose()).isEqualTo(java.time.LocalDate.of(2031, 12, 15));
            });

    tap(By.cssSelector("[data-test=release]"));
    tap(By.cssSelector(".van-dialog__confirm"));
    text("已退回公海");
    browser.navigate().refresh();
    wait.until(d -> d.findElement(By.cssSelector("[data-test=owner]")).getText().contains("公海"));
    assertThat(visible(By.cssSelector("[data-test=claim-customer]")).getText()).isEqualTo("领取这个客户");
    assertThat(browser.findElements(By.cssSelector("[data-test=release]"))).isEmpty();
    assertThat(await(new CustomerService(pool).get(org.a(org.rep1), customerId)).inPool()).isTrue();
    browser.get(base + "/m/#/pool");
    text("鸿运物流集团");
    shot("pool-returned");
  }

  @Test
  @Order(10)
  @DisplayName("客户详情: 删除客户 after one tap of confirmation; after a reload 恢复 brings it back")
  void deleteAndRestore() throws IOException {
    browser.get(base + "/m/#/customers/" + otherCustomerId);
    tap(By.cssSelector("[data-test=delete-customer]"));
    tap(By.cssSelector(".van-dialog__confirm"));
    visible(By.cssSelector("[data-test=deleted]"));
    shot("customer-deleted");
    // still offered after a reload: a deleted customer is shown to who may restore it
    browser.navigate().refresh();
    visible(By.cssSelector("[data-test=deleted]"));
    assertThat(
            await(CustomerService.load(pool, org.tenantA.id(), otherCustomerId, false)).deleted())
        .isTrue();
    tap(By.cssSelector("[data-test=restore]"));
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=customer-name]")).getText().contains("华远建材"));
    browser.navigate().refresh();
    wait.until(
        d -> d.findElement(By.cssSelector("[data-test=customer-name]")).getText().contains("华远建材"));
    assertThat(await(new CustomerService(pool).get(org.a(org.rep1), otherCustomerId)).deleted())
        .isFalse();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));
  }

  @Test
  @Order(11)
  @DisplayName(
      "客户详情: a contact whose phone another has is warned of, saved anyway, edited and deleted; as seen after a reload")
  void editContactsWithDuplicatePhone() throws IOException {
    await(
        new ContactService(pool)
            .add(
                org.a(org.rep1),
                otherCustomerId,
                NewContact.named("钱会计").withPhones("13700002222")));
    String page = base + "/m/#/customers/" + otherCustomerId;
    browser.get(page);
    browser.navigate().refresh(); // the previous test left this very page open
    contactsTab();
    visible(By.cssSelector("[data-test=contact][data-name='钱会计']"));
    visible(By.cssSelector("[data-test=add-contact]")).click();
    String form = "[data-test=contact-form] ";
    setValue(visible(By.cssSelector(form + "input[name=name]")), "孙采购");
    setValue(browser.findElement(By.cssSelector(form + "input[name=phones]")), "137-0000-2222");
    tap(By.cssSelector(form + "button[type=submit]"));
    WebElement warning = visible(By.cssSelector(".van-dialog"));
    wait.until(d -> warning.getText().contains("钱会计"));
    assertThat(warning.getText()).contains("华远建材").contains("仍然保存");
    shot("contact-duplicate-phone");
    visible(By.cssSelector(".van-dialog__confirm")).click();
    text("已添加");
    String row = "[data-test=contact][data-name='孙采购']";
    visible(By.cssSelector(row));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    browser.findElement(By.cssSelector(row)).click();
    WebElement title = visible(By.cssSelector(form + "input[name=title]"));
    setValue(title, "采购总监");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("已保存");
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("采购总监"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".van-toast")));

    browser.findElement(By.cssSelector("[data-test=contact][data-name='钱会计']")).click();
    tap(By.cssSelector("[data-test=delete-contact]"));
    visible(By.cssSelector(".van-dialog__confirm")).click();
    text("已删除");

    // what a person sees after reloading the page
    browser.navigate().refresh();
    contactsTab();
    wait.until(d -> d.findElement(By.cssSelector(row)).getText().contains("采购总监"));
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains("137-0000-2222");
    assertThat(browser.findElements(By.cssSelector("[data-test=contact][data-name='钱会计']")))
        .isEmpty();
    shot("customer-contacts");
    assertThat(await(new ContactService(pool).listByCustomer(org.a(org.rep1), otherCustomerId)))
        .extracting(c -> c.name() + "/" + c.title())
        .containsExactly("孙采购/采购总监");
  }

  @Test
  @Order(12)
  @DisplayName(
      "客户详情: the author corrects their follow-up (修改), a colleague's offers no 修改; as seen after a reload")
  void editOwnFollowUp() throws IOException {
    FollowUpService followUps = new FollowUpService(pool);
    await(
        followUps.log(
            org.a(org.manager1), NewFollowUp.on(otherCustomerId, "visit", "经理补充：客户预算充足")));
    await(followUps.log(org.a(org.rep1), NewFollowUp.on(otherCustomerId, "call", "初次电话，约了下周见面")));
    browser.get(base + "/m/#/customers/" + otherCustomerId);
    browser.navigate().refresh(); // the previous test left this very page open
    String mine = "//*[contains(@class, 'follow-up')][.//p[contains(text(), '%s')]]";
    visible(By.xpath(mine.formatted("初次电话")))
        .findElement(By.cssSelector("[data-test=edit-follow-up]"))
        .click();
    String form = "[data-test=follow-up-edit-form] ";
    WebElement content = visible(By.cssSelector(form + "textarea"));
    wait.until(d -> content.getDomProperty("value").contains("初次电话"));
    setValue(content, "初次电话，约了周三上午见面");
    tap(By.xpath("//*[@data-test='follow-up-edit-form']//*[@role='radio'][.//*[text()='微信']]"));
    shot("follow-up-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("已保存");
    text("初次电话，约了周三上午见面");

    // what a person sees after reloading the page
    browser.navigate().refresh();
    WebElement edited = visible(By.xpath(mine.formatted("约了周三上午见面")));
    assertThat(edited.getText()).contains("微信");
    assertThat(browser.findElements(By.xpath("//*[contains(text(), '约了下周见面')]"))).isEmpty();
    WebElement managers = visible(By.xpath(mine.formatted("经理补充")));
    assertThat(managers.findElements(By.cssSelector("[data-test=edit-follow-up]"))).isEmpty();
    shot("follow-up-edited");
    var timeline = await(followUps.timeline(org.a(org.rep1), otherCustomerId, null, 20)).items();
    assertThat(timeline)
        .filteredOn(f -> f.content().contains("周三上午"))
        .singleElement()
        .satisfies(f -> assertThat(f.method().code()).isEqualTo("wechat"));
  }

  @Test
  @Order(13)
  @DisplayName(
      "首页: an overdue reminder's 修改 moves it to a later day with new text; gone from today after a reload")
  void editReminder() throws IOException {
    ReminderService reminders = new ReminderService(pool);
    long id =
        await(
                reminders.create(
                    org.a(org.rep1),
                    NewReminder.at(Instant.now().plusSeconds(3600), "给华远建材回电话")
                        .aboutCustomer(otherCustomerId)))
            .id();
    // overdue since this morning: test setup, as no one may set a reminder in the past
    await(
        pool.preparedQuery("UPDATE reminder SET due_at = now() - interval '2 hours' WHERE id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(id)));
    browser.get(base + "/m/#/");
    browser.navigate().refresh();
    text("给华远建材回电话");
    // the swipe cell's buttons are there, only slid out of view
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].click()",
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-test=edit-reminder]"))));
    String form = "[data-test=reminder-edit-form] ";
    WebElement text = visible(By.cssSelector(form + "input[name=text]"));
    wait.until(d -> text.getDomProperty("value").equals("给华远建材回电话"));
    setValue(text, "给华远建材回电话，确认报价");
    setValue(
        browser.findElement(By.cssSelector(form + "input[type=datetime-local]")),
        "2031-05-21T09:30");
    shot("reminder-edit");
    tap(By.cssSelector(form + "button[type=submit]"));
    text("提醒已修改");

    // what a person sees after reloading the page: no longer due today, counted among the later
    // ones
    browser.navigate().refresh();
    text("之后还有 2 条提醒");
    assertThat(browser.findElements(By.xpath("//*[contains(text(), '给华远建材回电话')]"))).isEmpty();
    var r = await(reminders.get(org.a(org.rep1), id));
    assertThat(r.text()).isEqualTo("给华远建材回电话，确认报价");
    // typed on the company's clock (Asia/Shanghai)
    assertThat(r.dueAt()).isEqualTo(Instant.parse("2031-05-21T01:30:00Z"));
  }

  static void contactsTab() {
    visible(By.xpath("//*[@role='tab'][.//*[text()='联系人']]")).click();
  }

  static void dealsTab() {
    visible(By.xpath("//*[@role='tab'][.//*[text()='商机']]")).click();
  }
}
