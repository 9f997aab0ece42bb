package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import com.chatcrm.gateway.message.ChatMessage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Times on the bot's answers read in the tenant's zone (Asia/Shanghai by default), not in UTC. */
class ChatTimesTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  static OrgFixture org;
  static ChatCommands commands;

  @BeforeAll
  static void start() {
    org = OrgFixture.create(db.pool());
    commands = new ChatCommands(Engine.on(db.pool(), Clock.systemUTC()), null);
  }

  @Test
  @DisplayName(
      "查 shows a follow-up made at 04:46 Beijing time on its Beijing day, not the UTC day before")
  void followUpDayInTenantZone() {
    Customer c =
        await(new CustomerService(db.pool()).create(org.a(org.rep1), NewCustomer.named("晨曦传媒")));
    LocalDate day = LocalDate.now(BEIJING).minusDays(2);
    await(
        new FollowUpService(db.pool())
            .log(
                org.a(org.rep1),
                NewFollowUp.on(c.id(), "call", "早上电话聊了续费")
                    .at(day.atTime(LocalTime.of(4, 46)).atZone(BEIJING).toInstant())));

    ChatMessage reply =
        await(commands.reply(org.tenantA.id(), "lilei", "查 晨曦传媒", "m-" + System.nanoTime()));
    assertThat(reply.toJson().encode())
        .contains("最近跟进 " + day.getMonthValue() + "月" + day.getDayOfMonth() + "日");
  }
}
