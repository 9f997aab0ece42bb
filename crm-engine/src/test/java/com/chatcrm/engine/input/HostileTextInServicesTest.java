package com.chatcrm.engine.input;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 defect 5 in the engine, where chat and the mini-app meet: a NUL or other control
 * character in a deal, a stage, a loss or release reason or a mention is refused as invalid input
 * naming the field (PostgreSQL would otherwise fail with SQLSTATE 22021, a 500), and an expected
 * close date outside 2000–2099 likewise.
 */
class HostileTextInServicesTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static Pool pool;
  static OrgFixture org;
  static long customer;
  static Opportunity deal;

  @BeforeAll
  static void start() {
    pool = db.pool();
    org = OrgFixture.create(pool);
    customer =
        await(new CustomerService(pool).create(org.a(org.rep1), NewCustomer.named("星河传媒"))).id();
    deal =
        await(
            new OpportunityService(pool)
                .create(
                    org.a(org.rep1), NewOpportunity.of(customer, "仓储系统", new BigDecimal("1000"))));
  }

  private static void refused(String field, Supplier<Future<?>> call) {
    assertThatThrownBy(() -> await(call.get()))
        .isInstanceOf(InvalidInput.class)
        .satisfies(
            e -> assertThat(((InvalidInput) e).details().getString("field")).isEqualTo(field));
  }

  @Test
  @DisplayName(
      "control characters in deals, stages, reasons and mentions are invalid input, not a database error")
  void controlCharacters() {
    OpportunityService opportunities = new OpportunityService(pool);
    refused(
        "name",
        () ->
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(customer, "新\u0000商机", BigDecimal.ONE)));
    refused(
        "reason",
        () -> opportunities.lose(org.a(org.rep1), deal.id(), deal.version(), "价格\u0000太高"));
    refused("name", () -> new StageService(pool).add(org.a(org.admin), "阶段\u001b", 50));
    refused(
        "reason",
        () ->
            new PoolService(pool, Clock.systemUTC())
                .release(org.a(org.rep1), customer, "不\u0000要了"));
    refused(
        "text",
        () ->
            new MentionService(pool)
                .mention(org.a(org.rep1), org.manager1, customer, null, "看\u0000看"));
    assertThat(await(opportunities.get(org.a(org.rep1), deal.id())).version())
        .isEqualTo(deal.version());
  }

  @Test
  @DisplayName(
      "text pasted from Windows (CRLF) is a follow-up like any other; a name is one line, without breaks or tabs")
  void lineEnds() {
    FollowUpService followUps = new FollowUpService(pool);
    assertThat(
            await(
                    followUps.log(
                        org.a(org.rep1), NewFollowUp.on(customer, "电话", "上午电话\r\n下午拜访\n确认报价")))
                .content())
        .isEqualTo("上午电话\r\n下午拜访\n确认报价");
    refused(
        "content",
        () -> followUps.log(org.a(org.rep1), NewFollowUp.on(customer, "电话", "只有回车\r不换行")));
    CustomerService customers = new CustomerService(pool);
    refused("name", () -> customers.create(org.a(org.rep1), NewCustomer.named("换行\n公司")));
    refused("name", () -> customers.create(org.a(org.rep1), NewCustomer.named("制表\t公司")));
    refused(
        "name",
        () ->
            new OpportunityService(pool)
                .create(org.a(org.rep1), NewOpportunity.of(customer, "两行\r\n商机", BigDecimal.ONE)));
  }

  @Test
  @DisplayName("an expected close date outside 2000–2099 is invalid input naming expectedClose")
  void expectedCloseDates() {
    OpportunityService opportunities = new OpportunityService(pool);
    for (LocalDate day :
        new LocalDate[] {
          LocalDate.of(0, 1, 1),
          LocalDate.of(1999, 12, 31),
          LocalDate.of(2100, 1, 1),
          LocalDate.of(9999, 12, 31),
          LocalDate.of(10000, 1, 1)
        }) {
      refused(
          "expectedClose",
          () ->
              opportunities.create(
                  org.a(org.rep1),
                  NewOpportunity.of(customer, "远期商机", BigDecimal.ONE).withExpectedClose(day)));
    }
    assertThat(
            await(
                    opportunities.create(
                        org.a(org.rep1),
                        NewOpportunity.of(customer, "近期商机", BigDecimal.ONE)
                            .withExpectedClose(LocalDate.of(2099, 12, 31))))
                .expectedClose())
        .isEqualTo(LocalDate.of(2099, 12, 31));
  }
}
