package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.PermissionMatrix;
import com.chatcrm.engine.testing.PermissionMatrix.Role;
import com.chatcrm.engine.testing.PermissionMatrix.Whose;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 合同, 回款 and 业绩目标 through the mini-app API, as a rep (李雷), a manager (张经理) and the admin (王总): a
 * won deal's contract with its plan, receipts in due order, and what each may see or do.
 */
class ContractApiTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  enum Op {
    CREATE,
    READ_AND_RECEIPT,
    VOID,
    WITHDRAW_RECEIPT
  }

  static ApiHarness api;
  static int counter;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
  }

  static String token(Role role) {
    return api.login(
        switch (role) {
          case REP -> "lilei";
          case MANAGER -> "zhang";
          case ADMIN -> "wang";
        });
  }

  static Opportunity won(long owner) {
    counter++;
    var actor = owner == api.org.outsider ? api.org.b() : api.org.a(owner);
    long customer =
        await(
                new CustomerService(db.pool())
                    .create(actor, NewCustomer.named("合同客户" + counter + "号")))
            .id();
    OpportunityService deals = new OpportunityService(db.pool());
    Opportunity o =
        await(
            deals.create(
                actor, NewOpportunity.of(customer, "合同商机" + counter, new BigDecimal("300000"))));
    return await(deals.win(actor, o.id(), o.version()));
  }

  static JsonObject plan(LocalDate first, LocalDate second) {
    return new JsonObject()
        .put(
            "plan",
            new JsonArray()
                .add(new JsonObject().put("dueOn", first.toString()).put("amount", 100000))
                .add(new JsonObject().put("dueOn", second.toString()).put("amount", 200000)));
  }

  @Test
  @DisplayName(
      "生成合同 on a won deal shows its plan on the customer; 回款 15万 clears 第1期; more than is owed is a Chinese 400; a deal not won is 409")
  void contractAndReceipts() {
    String rep = token(Role.REP);
    Opportunity deal = won(api.org.rep1);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    JsonObject k =
        api.ok(
            rep,
            HttpMethod.POST,
            "/api/opportunities/" + deal.id() + "/contract",
            plan(today.plusDays(10), today.plusDays(40)),
            201);
    assertThat(k.getString("number")).startsWith("HT");
    assertThat(k.getJsonArray("plan")).hasSize(2);
    JsonArray listed =
        api.ok(rep, HttpMethod.GET, "/api/customers/" + deal.customerId() + "/contracts", null, 200)
            .getJsonArray("items");
    assertThat(listed).hasSize(1);

    JsonObject paid =
        api.ok(
            rep,
            HttpMethod.POST,
            "/api/contracts/" + k.getLong("id") + "/receipts",
            new JsonObject().put("amount", 150000),
            201);
    assertThat(paid.getJsonArray("newlyPaid")).containsExactly(1);
    assertThat(
            paid.getJsonObject("contract").getJsonArray("plan").getJsonObject(0).getBoolean("paid"))
        .isTrue();
    var tooMuch =
        api.call(
            rep,
            HttpMethod.POST,
            "/api/contracts/" + k.getLong("id") + "/receipts",
            new JsonObject().put("amount", 160000));
    assertThat(tooMuch.statusCode()).isEqualTo(400);
    assertThat(tooMuch.bodyAsString()).contains("超过合同").contains("未回款的 15万");

    Opportunity open =
        await(
            new OpportunityService(db.pool())
                .create(
                    api.org.a(api.org.rep1),
                    NewOpportunity.of(deal.customerId(), "未赢单", BigDecimal.TEN)));
    var notWon =
        api.call(
            rep,
            HttpMethod.POST,
            "/api/opportunities/" + open.id() + "/contract",
            new JsonObject());
    assertThat(notWon.statusCode()).isEqualTo(409);
    assertThat(notWon.bodyAsString()).contains("还没有赢单");
  }

  static Stream<Arguments> matrix() {
    return PermissionMatrix.cells(Op.values());
  }

  @ParameterizedTest(name = "{0} × {1} × {2} → allowed: {3}")
  @MethodSource("matrix")
  void cell(Role role, Whose whose, Op op, boolean allowed) {
    String token = token(role);
    long owner = PermissionMatrix.ownerOf(api.org, role, whose);
    Opportunity deal = won(owner);
    String create = "/api/opportunities/%d/contract";
    if (op == Op.CREATE) {
      if (allowed) {
        api.ok(token, HttpMethod.POST, create.formatted(deal.id()), new JsonObject(), 201);
      } else {
        api.sameAsMissing(token, HttpMethod.POST, create, deal.id(), new JsonObject(), "合同商机");
      }
      return;
    }
    var actor = owner == api.org.outsider ? api.org.b() : api.org.a(owner);
    long contract =
        await(
                new com.chatcrm.engine.contract.ContractService(
                        db.pool(), java.time.Clock.systemUTC())
                    .create(actor, com.chatcrm.engine.contract.NewContract.from(deal.id())))
            .id();
    if (op == Op.VOID || op == Op.WITHDRAW_RECEIPT) {
      undoCell(token, actor, contract, op, allowed);
      return;
    }
    JsonObject one = new JsonObject().put("amount", 1000);
    if (allowed) {
      api.ok(token, HttpMethod.GET, "/api/contracts/" + contract, null, 200);
      api.ok(token, HttpMethod.POST, "/api/contracts/" + contract + "/receipts", one, 201);
    } else {
      api.sameAsMissing(token, HttpMethod.GET, "/api/contracts/%d", contract, null, "合同客户");
      api.sameAsMissing(
          token, HttpMethod.POST, "/api/contracts/%d/receipts", contract, one, "合同客户");
    }
  }

  /** 作废 a contract with nothing received; 撤回 a receipt its owner recorded. */
  void undoCell(
      String token, com.chatcrm.engine.access.Actor owner, long contract, Op op, boolean allowed) {
    if (op == Op.VOID) {
      if (allowed) {
        api.ok(token, HttpMethod.POST, "/api/contracts/" + contract + "/void", null, 200);
        api.sameAsMissing(token, HttpMethod.GET, "/api/contracts/%d", contract, null);
      } else {
        api.sameAsMissing(token, HttpMethod.POST, "/api/contracts/%d/void", contract, null, "合同客户");
      }
      return;
    }
    long receipt =
        await(
                new com.chatcrm.engine.contract.ContractService(
                        db.pool(), java.time.Clock.systemUTC())
                    .recordReceipt(
                        owner,
                        com.chatcrm.engine.contract.NewReceipt.of(contract, new BigDecimal("1000")),
                        null))
            .receiptId();
    String path = "/api/contracts/%d/receipts/" + receipt;
    if (allowed) {
      JsonObject after = api.ok(token, HttpMethod.DELETE, path.formatted(contract), null, 200);
      assertThat(after.getDouble("received")).isZero();
      assertThat(after.getJsonArray("receipts")).isEmpty();
    } else {
      api.sameAsMissing(token, HttpMethod.DELETE, path, contract, null, "合同客户");
    }
  }

  @Test
  @DisplayName(
      "作废 is a Chinese 409 while money is in; 撤回 the receipt (its recorder) restores the plan, then 作废 voids it and the deal may have a new contract; a collaborator may not void (403)")
  void voidAndWithdraw() {
    String rep = token(Role.REP);
    Opportunity deal = won(api.org.rep1);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    JsonObject k =
        api.ok(
            rep,
            HttpMethod.POST,
            "/api/opportunities/" + deal.id() + "/contract",
            plan(today.plusDays(10), today.plusDays(40)),
            201);
    long id = k.getLong("id");
    long receipt =
        api.ok(
                rep,
                HttpMethod.POST,
                "/api/contracts/" + id + "/receipts",
                new JsonObject().put("amount", 120000).put("note", "首付"),
                201)
            .getLong("receiptId");
    JsonObject shown = api.ok(rep, HttpMethod.GET, "/api/contracts/" + id, null, 200);
    assertThat(shown.getJsonArray("receipts").getJsonObject(0).getString("recordedByName"))
        .isEqualTo("李雷");
    assertThat(shown.getJsonArray("receipts").getJsonObject(0).getString("note")).isEqualTo("首付");

    var refused = api.call(rep, HttpMethod.POST, "/api/contracts/" + id + "/void", null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsString()).contains("已有回款，不能作废");

    JsonObject back =
        api.ok(rep, HttpMethod.DELETE, "/api/contracts/" + id + "/receipts/" + receipt, null, 200);
    assertThat(back.getJsonArray("plan").getJsonObject(0).getBoolean("paid")).isFalse();
    assertThat(back.getJsonArray("receipts")).isEmpty();
    assertThat(
            api.call(rep, HttpMethod.DELETE, "/api/contracts/" + id + "/receipts/" + receipt, null)
                .statusCode())
        .isEqualTo(404);

    await(
        new CustomerService(db.pool())
            .addCollaborator(api.org.a(api.org.rep1), deal.customerId(), api.org.rep2));
    String hanmeimei = api.login("hanmeimei");
    var notHers = api.call(hanmeimei, HttpMethod.POST, "/api/contracts/" + id + "/void", null);
    assertThat(notHers.statusCode()).isEqualTo(403);

    api.ok(rep, HttpMethod.POST, "/api/contracts/" + id + "/void", null, 200);
    assertThat(api.actions("contract", id)).contains("receipt_withdrawn", "void");
    JsonObject listed =
        api.ok(
            rep, HttpMethod.GET, "/api/customers/" + deal.customerId() + "/contracts", null, 200);
    assertThat(listed.getJsonArray("items")).isEmpty();
    // kept for the record, marked voided
    assertThat(listed.getJsonArray("voided").getJsonObject(0).getLong("id")).isEqualTo(id);
    assertThat(listed.getJsonArray("voided").getJsonObject(0).getString("voidedAt")).isNotBlank();
    assertThat(listed.getJsonArray("voided").getJsonObject(0).getJsonArray("plan")).isNotEmpty();
    api.ok(
        rep,
        HttpMethod.POST,
        "/api/opportunities/" + deal.id() + "/contract",
        new JsonObject(),
        201);
  }

  @Test
  @DisplayName(
      "业绩目标: a rep may not set one (403), a manager sets 李雷's, and both see it with progress; the team view is the manager's")
  void targets() {
    String rep = token(Role.REP);
    String manager = token(Role.MANAGER);
    JsonObject body =
        new JsonObject()
            .put("userId", api.org.rep1)
            .put("period", "month")
            .put("metric", "won_amount")
            .put("value", 1000000);
    assertThat(api.call(rep, HttpMethod.PUT, "/api/targets", body).statusCode()).isEqualTo(403);
    JsonObject set = api.ok(manager, HttpMethod.PUT, "/api/targets", body, 200);
    assertThat(set.getString("metricLabel")).isEqualTo("赢单金额");
    JsonArray mine = api.ok(rep, HttpMethod.GET, "/api/targets", null, 200).getJsonArray("items");
    assertThat(mine).hasSize(1);
    assertThat(mine.getJsonObject(0).getInteger("percent")).isBetween(0, 100);
    JsonArray team =
        api.ok(manager, HttpMethod.GET, "/api/targets?scope=team", null, 200).getJsonArray("items");
    assertThat(team).extracting(o -> ((JsonObject) o).getLong("userId")).contains(api.org.rep1);
    var bad =
        api.call(manager, HttpMethod.PUT, "/api/targets", body.copy().put("metric", "profit"));
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "团队目标: the manager of 销售一部 sets its target and sees it first in the team view; another department's manager gets 403; naming both a rep and a department is 400")
  void teamTargets() {
    String manager = token(Role.MANAGER);
    long sales1 =
        await(
            db.pool()
                .query("SELECT id FROM department WHERE platform_dept_id = 'sales1'")
                .execute()
                .map(r -> r.iterator().next().getLong(0)));
    JsonObject body =
        new JsonObject()
            .put("departmentId", sales1)
            .put("period", "quarter")
            .put("metric", "follow_ups")
            .put("value", 300);
    JsonObject set = api.ok(manager, HttpMethod.PUT, "/api/targets", body, 200);
    assertThat(set.getBoolean("team")).isTrue();
    assertThat(set.getString("userName")).isEqualTo("销售一部");
    JsonArray team =
        api.ok(manager, HttpMethod.GET, "/api/targets?scope=team", null, 200).getJsonArray("items");
    assertThat(team.getJsonObject(0).getLong("departmentId")).isEqualTo(sales1);
    assertThat(api.call(api.login("chen"), HttpMethod.PUT, "/api/targets", body).statusCode())
        .isEqualTo(403);
    var both =
        api.call(manager, HttpMethod.PUT, "/api/targets", body.copy().put("userId", api.org.rep1));
    assertThat(both.statusCode()).isEqualTo(400);
  }
}
