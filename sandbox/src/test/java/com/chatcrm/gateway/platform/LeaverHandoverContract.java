package com.chatcrm.gateway.platform;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.sandbox.PlatformSandbox;
import com.chatcrm.sandbox.SandboxCompany;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * 离职交接 on each platform, over real HTTP against its stand-in: a member leaves the stand-in's
 * directory, a full sync deactivates them, their manager gets one card, taps a colleague, and that
 * colleague gets one summary and owns the customers. A subclass says who leaves and how its
 * stand-in's directory is edited.
 */
abstract class LeaverHandoverContract extends ChatLanguageContract {

  /**
   * Who leaves, whose manager is told, and the one team colleague offered (platform ids, names).
   */
  protected record Leaver(
      String id, String name, String managerId, String successorId, String successorName) {}

  protected abstract Leaver leaver();

  /** The stand-in's company, as it starts. */
  protected abstract SandboxCompany company();

  /** The platform's stand-in, whose directory the member leaves. */
  protected abstract PlatformSandbox<?> standIn();

  @Test
  // last: the member is gone from the directory meanwhile
  @Order(Integer.MAX_VALUE)
  @DisplayName(
      "a member who left the directory: the full sync deactivates them, their manager gets one card, a tap hands everything to a colleague, who gets one summary")
  void leaverHandedOver() {
    Leaver l = leaver();
    long leaver = gateway.userId(tenant.id(), l.id());
    long successor = gateway.userId(tenant.id(), l.successorId());
    Customer a = customer(leaver, "交接甲科技");
    Customer b = customer(leaver, "交接乙传媒");
    await(
        engine()
            .opportunities()
            .create(as(leaver), NewOpportunity.of(a.id(), "交接框架单", BigDecimal.TEN)));
    await(
        engine()
            .reminders()
            .create(
                as(leaver),
                NewReminder.at(Instant.now().plus(3, ChronoUnit.DAYS), "给交接甲回电话")
                    .aboutCustomer(a.id())));
    int managerBefore = received(l.managerId()).size();
    int successorBefore = received(l.successorId()).size();

    standIn().removeMember(corpId(), l.id());
    try {
      await(gateway.gateway().syncDirectory(platform(), tenant.id()));
      await(gateway.gateway().syncDirectory(platform(), tenant.id()));
      assertThat(
              count(
                  "SELECT count(*) FROM crm_user WHERE NOT active AND id = "
                      + leaver
                      + " AND tenant_id = "
                      + tenant.id()))
          .isEqualTo(1);

      String card =
          eventually(
                  () ->
                      since(l.managerId(), managerBefore).stream()
                          .filter(m -> m.contains(l.name() + " 已离职"))
                          .toList(),
                  cards -> !cards.isEmpty())
              .get(0);
      assertThat(card).contains("名下 2 个客户、1 个进行中的商机、1 条待办提醒需要交接");
      Map<String, String> buttons = buttons(card);
      String pick = "交给" + l.successorName();
      assertThat(buttons)
          .containsEntry(pick, "leaver.handover:" + leaver + ":" + successor)
          .hasEntrySatisfying(
              "打开 Chat CRM",
              url -> assertThat(url).startsWith(MINI_APP + "?corpId=").endsWith("#/"));

      String outcome = tap(l.managerId(), pick, buttons.get(pick));
      assertThat(outcome).contains("已交接给 " + l.successorName());
      String summary =
          eventually(
                  () ->
                      since(l.successorId(), successorBefore).stream()
                          .filter(m -> m.contains("你接手了 " + l.name()))
                          .toList(),
                  s -> !s.isEmpty())
              .get(0);
      assertThat(summary).contains("2 个客户、1 个进行中的商机、1 条待办提醒");
      assertThat(buttons(summary))
          .hasEntrySatisfying("查看我的客户", url -> assertThat(url).endsWith("#/customers"));
      assertThat(await(engine().customers().get(as(successor), b.id())).ownerId())
          .isEqualTo(successor);

      // the same button again: nothing moves twice, and the manager is told to whom it went
      assertThat(tap(l.managerId(), pick, buttons.get(pick)))
          .contains("已经交接过了", "已交接给 " + l.successorName());
      assertThat(
              since(l.managerId(), managerBefore).stream()
                  .filter(m -> m.contains(l.name() + " 已离职"))
                  .count())
          .as("one card, though the directory was synced twice")
          .isEqualTo(1);
      assertThat(
              since(l.successorId(), successorBefore).stream()
                  .filter(m -> m.contains("你接手了"))
                  .toList())
          .hasSize(1);
    } finally {
      standIn()
          .putMember(
              corpId(),
              company().members().stream()
                  .filter(m -> m.userId().equals(l.id()))
                  .findFirst()
                  .orElseThrow());
      await(gateway.gateway().syncDirectory(platform(), tenant.id()));
    }
  }
}
