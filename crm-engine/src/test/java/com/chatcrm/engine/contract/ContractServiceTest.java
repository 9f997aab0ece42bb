package com.chatcrm.engine.contract;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 生成合同 from a won deal, its 回款计划 and reminders, and 回款 applied in due order. */
class ContractServiceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static OrgFixture org;
  static ContractService contracts;
  static OpportunityService opportunities;
  static CustomerService customers;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    contracts = new ContractService(db.pool(), Clock.systemUTC());
    opportunities = new OpportunityService(db.pool());
    customers = new CustomerService(db.pool());
  }

  static LocalDate today() {
    return LocalDate.now(SHANGHAI);
  }

  static Opportunity deal(String customer, String amount, boolean win) {
    Actor rep = org.a(org.rep1);
    var c = await(customers.create(rep, NewCustomer.named(customer)));
    Opportunity o =
        await(
            opportunities.create(
                rep, NewOpportunity.of(c.id(), customer + "项目", new BigDecimal(amount))));
    return win ? await(opportunities.win(rep, o.id(), o.version())) : o;
  }

  static PlannedInstalment due(int daysAhead, String amount) {
    return new PlannedInstalment(today().plusDays(daysAhead), new BigDecimal(amount));
  }

  @Test
  @DisplayName(
      "a won deal becomes contract HT<today>-n of its amount, instalments in due order, each reminded three days before at 09:00 Shanghai, the renewal thirty days before the end")
  void createWithPlanAndReminders() {
    Opportunity won = deal("星河科技", "300000", true);
    LocalDate end = today().plusDays(365);
    Contract k =
        await(
            contracts.create(
                org.a(org.rep1),
                NewContract.from(won.id())
                    .period(today(), end)
                    .plan(due(40, "200000"), due(10, "100000"))));

    String prefix = "HT" + DateTimeFormatter.BASIC_ISO_DATE.format(today()) + "-";
    assertThat(k.number()).startsWith(prefix);
    assertThat(k.amount()).isEqualByComparingTo("300000");
    assertThat(k.ownerId()).isEqualTo(org.rep1);
    assertThat(k.customerName()).isEqualTo("星河科技");
    assertThat(k.instalments())
        .extracting(i -> i.seq() + "/" + i.dueOn() + "/" + i.amount().toPlainString())
        .containsExactly(
            "1/" + today().plusDays(10) + "/100000.00", "2/" + today().plusDays(40) + "/200000.00");

    List<String> reminders = remindersOf(org.rep1, "星河科技");
    assertThat(reminders)
        .containsExactly(
            at(today().plusDays(7))
                + " 回款提醒：星河科技 合同 "
                + k.number()
                + " 第1期 10万 将于 "
                + md(10)
                + " 到期",
            at(today().plusDays(37))
                + " 回款提醒：星河科技 合同 "
                + k.number()
                + " 第2期 20万 将于 "
                + md(40)
                + " 到期",
            at(end.minusDays(30))
                + " 续约提醒：星河科技 合同 "
                + k.number()
                + " 将于 "
                + md(365)
                + " 到期，记得沟通续约");

    Contract second =
        await(contracts.create(org.a(org.rep1), NewContract.from(deal("云帆物流", "5000", true).id())));
    assertThat(second.number())
        .isEqualTo(prefix + (Integer.parseInt(k.number().substring(prefix.length())) + 1));
    assertThat(second.instalments()).isEmpty();
  }

  @Test
  @DisplayName("an instalment due within three days is reminded at once; one already past is not")
  void nearAndPastDueDates() {
    Opportunity won = deal("近期到期公司", "30000", true);
    Instant before = Instant.now();
    Contract k =
        await(
            contracts.create(
                org.a(org.rep1),
                NewContract.from(won.id())
                    .signedOn(today().minusDays(30))
                    .plan(due(-1, "10000"), due(1, "20000"))));
    assertThat(k.instalments().get(0).reminderId()).isNull();
    Instant soon = reminderDue(k.instalments().get(1).reminderId());
    assertThat(soon).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(11));
  }

  @Test
  @DisplayName(
      "回款 15万 pays 第1期 (its reminder cancelled) and part of 第2期; more than is outstanding is refused; the rest settles it; a re-delivered message records nothing twice")
  void receiptsInDueOrder() {
    Contract k =
        await(
            contracts.create(
                org.a(org.rep1),
                NewContract.from(deal("海川制造", "300000", true).id())
                    .plan(due(10, "100000"), due(40, "200000"))));
    ReceiptResult first =
        await(
            contracts.recordReceipt(
                org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("150000")), "msg-1"));
    assertThat(first.newlyPaid()).containsExactly(1);
    assertThat(first.contract().received()).isEqualByComparingTo("150000");
    assertThat(first.contract().instalments())
        .extracting(i -> i.paid() + "/" + i.received().toPlainString())
        .containsExactly("true/100000.00", "false/50000.00");
    assertThat(reminderStatus(k.instalments().get(0).reminderId())).isEqualTo("cancelled");
    assertThat(reminderStatus(k.instalments().get(1).reminderId())).isEqualTo("pending");

    assertThatThrownBy(
            () ->
                await(
                    contracts.recordReceipt(
                        org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("160000")), null)))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("超过合同 " + k.number() + " 未回款的 15万");
    assertThatThrownBy(
            () ->
                await(
                    contracts.recordReceipt(
                        org.a(org.rep1),
                        NewReceipt.of(k.id(), new BigDecimal("100")).on(today().plusDays(1)),
                        null)))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("不能晚于今天");

    ReceiptResult rest =
        await(
            contracts.recordReceipt(
                org.a(org.manager1), NewReceipt.of(k.id(), new BigDecimal("150000")), "msg-2"));
    assertThat(rest.newlyPaid()).containsExactly(2);
    assertThat(rest.contract().settled()).isTrue();
    ReceiptResult again =
        await(
            contracts.recordReceipt(
                org.a(org.manager1), NewReceipt.of(k.id(), new BigDecimal("150000")), "msg-2"));
    assertThat(again.repeated()).isTrue();
    assertThat(again.receiptId()).isEqualTo(rest.receiptId());
    assertThat(await(contracts.get(org.a(org.rep1), k.id())).received())
        .isEqualByComparingTo("300000");
    assertThatThrownBy(
            () ->
                await(
                    contracts.recordReceipt(
                        org.a(org.rep1), NewReceipt.of(k.id(), BigDecimal.ONE), null)))
        .hasMessageContaining("已全部回款");
    assertThat(await(contracts.history(org.a(org.rep1), k.id())))
        .extracting(e -> e.action())
        .containsExactly("create", "receipt", "receipt");
  }

  @Test
  @DisplayName(
      "refused and nothing written: a deal not yet won, a second contract, a plan over the amount, a number in use, a future signing date, a collaborator making it")
  void refusals() {
    Opportunity open = deal("未赢单公司", "1000", false);
    assertThatThrownBy(() -> await(contracts.create(org.a(org.rep1), NewContract.from(open.id()))))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("还没有赢单");
    Opportunity won = deal("重复合同公司", "1000", true);
    Contract k =
        await(contracts.create(org.a(org.rep1), NewContract.from(won.id()).numbered("HT-A-001")));
    assertThatThrownBy(() -> await(contracts.create(org.a(org.rep1), NewContract.from(won.id()))))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("已经生成过合同 HT-A-001");
    Opportunity other = deal("编号冲突公司", "1000", true);
    assertThatThrownBy(
            () ->
                await(
                    contracts.create(
                        org.a(org.rep1), NewContract.from(other.id()).numbered("HT-A-001"))))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("已被使用");
    assertThatThrownBy(
            () ->
                await(
                    contracts.create(
                        org.a(org.rep1),
                        NewContract.from(other.id()).plan(due(5, "600"), due(9, "600")))))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("超过合同金额");
    assertThatThrownBy(
            () ->
                await(
                    contracts.create(
                        org.a(org.rep1),
                        NewContract.from(other.id()).signedOn(today().plusDays(2)))))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("签约日期不能晚于今天");
    // 韩梅梅 collaborates on the customer: she sees the deal, but its contract is its owner's side's
    await(customers.addCollaborator(org.a(org.rep1), other.customerId(), org.rep2));
    assertThatThrownBy(() -> await(contracts.create(org.a(org.rep2), NewContract.from(other.id()))))
        .isInstanceOf(Forbidden.class);
    assertThat(count("SELECT count(*) FROM contract WHERE opportunity_id = $1", other.id()))
        .isZero();
    assertThat(k.number()).isEqualTo("HT-A-001");
  }

  @Test
  @DisplayName(
      "撤回 a receipt: the amounts are as if it had never been recorded (the instalments refilled in due order), a reopened instalment is reminded again; only its recorder or the owner's side")
  void withdrawReceipt() {
    Contract k =
        await(
            contracts.create(
                org.a(org.rep1),
                NewContract.from(deal("撤回回款公司", "300000", true).id())
                    .plan(due(10, "100000"), due(40, "200000"))));
    ReceiptResult first =
        await(
            contracts.recordReceipt(
                org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("50000")), null));
    ReceiptResult second =
        await(
            contracts.recordReceipt(
                org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("100000")), null));
    assertThat(second.newlyPaid()).containsExactly(1);
    assertThat(reminderStatus(k.instalments().get(0).reminderId())).isEqualTo("cancelled");

    // taking back the older 5万 leaves 10万: 第1期 still paid, 第2期 back to nothing
    Contract after =
        await(contracts.withdrawReceipt(org.a(org.rep1), k.id(), first.receiptId(), null));
    assertThat(after.received()).isEqualByComparingTo("100000");
    assertThat(after.instalments())
        .extracting(i -> i.paid() + "/" + i.received().toPlainString())
        .containsExactly("true/100000.00", "false/0.00");
    // the rest: 第1期 is owed again and reminded three days before it is due
    after = await(contracts.withdrawReceipt(org.a(org.manager1), k.id(), second.receiptId(), null));
    assertThat(after.received()).isEqualByComparingTo("0");
    assertThat(after.instalments())
        .extracting(i -> i.paid() + "/" + i.received().toPlainString())
        .containsExactly("false/0.00", "false/0.00");
    assertThat(after.instalments().get(0).reminderId())
        .isNotEqualTo(k.instalments().get(0).reminderId());
    assertThat(remindersOf(org.rep1, "撤回回款公司"))
        .hasSize(2)
        .first()
        .asString()
        .startsWith(at(today().plusDays(7)))
        .contains("第1期 10万");
    assertThat(await(contracts.receipts(org.a(org.rep1), k.id()))).isEmpty();
    assertThat(await(contracts.history(org.a(org.rep1), k.id())))
        .extracting(e -> e.action())
        .containsExactly("create", "receipt", "receipt", "receipt_withdrawn", "receipt_withdrawn");

    // 韩梅梅 collaborates: she may take back her own receipt, not 李雷's
    await(customers.addCollaborator(org.a(org.rep1), k.customerId(), org.rep2));
    ReceiptResult hers =
        await(
            contracts.recordReceipt(
                org.a(org.rep2), NewReceipt.of(k.id(), new BigDecimal("1000")), null));
    ReceiptResult his =
        await(
            contracts.recordReceipt(
                org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("2000")), null));
    assertThatThrownBy(
            () -> await(contracts.withdrawReceipt(org.a(org.rep2), k.id(), his.receiptId(), null)))
        .isInstanceOf(Forbidden.class);
    assertThat(
            await(contracts.withdrawReceipt(org.a(org.rep2), k.id(), hers.receiptId(), null))
                .received())
        .isEqualByComparingTo("2000");
    assertThat(await(contracts.receipts(org.a(org.rep1), k.id())))
        .extracting(r -> r.recordedByName() + " " + r.amount().toPlainString())
        .containsExactly("李雷 2000.00");
  }

  @Test
  @DisplayName(
      "作废 is refused while money is recorded, then voids the contract: its reminders cancelled, it reads as missing, the deal may have a new one; chat 撤销 only within its window")
  void voidContract() {
    Opportunity won = deal("作废合同公司", "300000", true);
    Contract k =
        await(
            contracts.create(
                org.a(org.rep1),
                NewContract.from(won.id())
                    .period(today(), today().plusDays(365))
                    .plan(due(10, "100000"), due(40, "200000"))));
    ReceiptResult paid =
        await(
            contracts.recordReceipt(
                org.a(org.rep1), NewReceipt.of(k.id(), new BigDecimal("1000")), null));
    assertThatThrownBy(() -> await(contracts.voidContract(org.a(org.rep1), k.id(), null)))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("已有回款，不能作废");
    assertThatThrownBy(
            () -> await(contracts.voidContract(org.a(org.rep1), k.id(), Duration.ofMinutes(10))))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("之后已登记回款，不能撤销");
    await(contracts.withdrawReceipt(org.a(org.rep1), k.id(), paid.receiptId(), null));
    await(customers.addCollaborator(org.a(org.rep1), k.customerId(), org.rep2));
    assertThatThrownBy(() -> await(contracts.voidContract(org.a(org.rep2), k.id(), null)))
        .isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> await(contracts.voidContract(org.a(org.rep1), k.id(), Duration.ZERO)))
        .isInstanceOf(Conflict.class)
        .hasMessageContaining("已超过 0 分钟");
    assertThat(remindersOf(org.rep1, "作废合同公司")).hasSize(3);

    await(contracts.voidContract(org.a(org.manager1), k.id(), null));
    assertThat(remindersOf(org.rep1, "作废合同公司")).isEmpty();
    assertThatThrownBy(() -> await(contracts.get(org.a(org.rep1), k.id())))
        .isInstanceOf(com.chatcrm.engine.error.NotFound.class);
    assertThat(await(contracts.listForCustomer(org.a(org.rep1), k.customerId()))).isEmpty();
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE entity_type = 'contract' AND action = 'void'"
                    + " AND entity_id = $1",
                k.id()))
        .isOne();
    Contract again = await(contracts.create(org.a(org.rep1), NewContract.from(won.id())));
    assertThat(again.number()).isNotEqualTo(k.number());
  }

  static String at(LocalDate day) {
    return day.atTime(LocalTime.of(9, 0)).atZone(SHANGHAI).toInstant().toString();
  }

  static String md(int daysAhead) {
    return DateTimeFormatter.ofPattern("M月d日").format(today().plusDays(daysAhead));
  }

  static List<String> remindersOf(long owner, String customer) {
    return await(
        db.pool()
            .preparedQuery(
                "SELECT r.due_at, r.text FROM reminder r JOIN customer c ON c.id = r.customer_id"
                    + " WHERE r.owner_id = $1 AND c.name = $2 AND r.status = 'pending' ORDER BY r.due_at")
            .execute(Tuple.of(owner, customer))
            .map(
                rows -> {
                  List<String> out = new ArrayList<>();
                  for (Row r : rows) {
                    out.add(r.getOffsetDateTime("due_at").toInstant() + " " + r.getString("text"));
                  }
                  return out;
                }));
  }

  static Instant reminderDue(long id) {
    return await(
        db.pool()
            .preparedQuery("SELECT due_at FROM reminder WHERE id = $1")
            .execute(Tuple.of(id))
            .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant()));
  }

  static String reminderStatus(long id) {
    return await(
        db.pool()
            .preparedQuery("SELECT status FROM reminder WHERE id = $1")
            .execute(Tuple.of(id))
            .map(rows -> rows.iterator().next().getString(0)));
  }

  static long count(String sql, long id) {
    return await(
        db.pool()
            .preparedQuery(sql)
            .execute(Tuple.of(id))
            .map(rows -> rows.iterator().next().getLong(0)));
  }
}
