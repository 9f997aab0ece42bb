package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpportunityBoardTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static OrgFixture org;
  static OpportunityBoard board;
  static OpportunityService opportunities;
  static List<Stage> stages;
  static Opportunity lileiOpen;
  static Opportunity lileiWon;
  static Opportunity hanOpen;
  static Opportunity zhaoOpen;

  @BeforeAll
  static void setUp() {
    org = OrgFixture.create(db.pool());
    board = new OpportunityBoard(db.pool());
    opportunities = new OpportunityService(db.pool());
    CustomerService customers = new CustomerService(db.pool());
    stages = await(new StageService(db.pool()).list(org.a(org.admin)));
    long c1 = await(customers.create(org.a(org.rep1), NewCustomer.named("一号客户"))).id();
    long c2 = await(customers.create(org.a(org.rep2), NewCustomer.named("二号客户"))).id();
    long c3 = await(customers.create(org.a(org.rep3), NewCustomer.named("三号客户"))).id();
    lileiOpen =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c1, "甲", new BigDecimal("100"))));
    Opportunity toWin =
        await(
            opportunities.create(
                org.a(org.rep1), NewOpportunity.of(c1, "乙", new BigDecimal("50"))));
    lileiWon = await(opportunities.win(org.a(org.rep1), toWin.id(), toWin.version()));
    hanOpen =
        await(
            opportunities.create(
                org.a(org.rep2), NewOpportunity.of(c2, "丙", new BigDecimal("30"))));
    zhaoOpen =
        await(
            opportunities.create(org.a(org.rep3), NewOpportunity.of(c3, "丁", new BigDecimal("7"))));
  }

  static List<Long> ids(List<OpportunityBoard.Column> columns) {
    return columns.stream().flatMap(c -> c.cards().stream()).map(Opportunity::id).toList();
  }

  @Test
  @DisplayName("one column per active stage, in order, with count and amount of its cards")
  void columns() {
    List<OpportunityBoard.Column> cols = await(board.board(org.a(org.rep1)));
    assertThat(cols)
        .extracting(c -> c.stage().id())
        .containsExactlyElementsOf(stages.stream().map(Stage::id).toList());
    OpportunityBoard.Column first = cols.get(0);
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.amount()).isEqualByComparingTo("100");
    OpportunityBoard.Column won =
        cols.stream().filter(c -> c.stage().kind() == StageKind.WON).findFirst().orElseThrow();
    assertThat(won.cards()).extracting(Opportunity::id).containsExactly(lileiWon.id());
  }

  @Test
  @DisplayName(
      "a rep sees their own, a manager their team's, an admin everything, another department nothing of it")
  void visibility() {
    assertThat(ids(await(board.board(org.a(org.rep1)))))
        .containsExactlyInAnyOrder(lileiOpen.id(), lileiWon.id());
    assertThat(ids(await(board.board(org.a(org.manager1)))))
        .containsExactlyInAnyOrder(lileiOpen.id(), lileiWon.id(), hanOpen.id());
    assertThat(ids(await(board.board(org.a(org.rep3))))).containsExactly(zhaoOpen.id());
    assertThat(ids(await(board.board(org.a(org.admin)))))
        .contains(lileiOpen.id(), lileiWon.id(), hanOpen.id(), zhaoOpen.id());
    assertThat(ids(await(board.board(org.b())))).isEmpty();
  }

  @Test
  @DisplayName("deals closed more than 30 days ago leave the board")
  void oldClosedDealsLeave() {
    long c =
        await(new CustomerService(db.pool()).create(org.a(org.rep3), NewCustomer.named("四号客户")))
            .id();
    Opportunity o =
        await(
            opportunities.create(org.a(org.rep3), NewOpportunity.of(c, "戊", new BigDecimal("1"))));
    Opportunity lost = await(opportunities.lose(org.a(org.rep3), o.id(), o.version(), "预算取消"));
    assertThat(ids(await(board.board(org.a(org.rep3))))).contains(lost.id());
    await(
        db.pool()
            .preparedQuery(
                "UPDATE opportunity SET closed_at = now() - interval '31 days' WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(org.tenantA.id(), lost.id())));
    assertThat(ids(await(board.board(org.a(org.rep3))))).doesNotContain(lost.id());
  }
}
