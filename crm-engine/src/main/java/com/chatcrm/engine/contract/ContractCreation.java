package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * 生成合同: a contract from a won opportunity, its instalments, and the reminders before each due date
 * and before the period ends, in one transaction.
 */
final class ContractCreation {

  private static final DateTimeFormatter NUMBER_DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Pool pool;
  private final Clock clock;
  private final ReminderService reminders;
  private final TenantService tenants;

  ContractCreation(Pool pool, Clock clock, ReminderService reminders, TenantService tenants) {
    this.pool = pool;
    this.clock = clock;
    this.reminders = reminders;
    this.tenants = tenants;
  }

  private record Won(long id, long customerId, String name, BigDecimal amount, long ownerId) {}

  Future<Contract> create(Actor actor, NewContract input) {
    String givenNumber;
    try {
      givenNumber = ContractFields.number(input.number());
      ContractFields.period(input.startsOn(), input.endsOn());
      if (input.amount() != null) {
        ContractFields.positive("amount", input.amount(), "合同金额");
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            wonOpportunity(tx, access, input.opportunityId())
                .compose(
                    won ->
                        tenants
                            .get(actor.tenantId())
                            .compose(
                                t -> insert(tx, access, won, input, givenNumber, t.timeZone()))));
  }

  /** The opportunity, locked, if the actor may make its contract and it has none yet. */
  private Future<Won> wonOpportunity(SqlClient tx, Access access, long opportunityId) {
    long tenant = access.tenantId();
    NotFound missing = new NotFound("没有找到商机 " + opportunityId);
    return tx.preparedQuery(ContractSql.OPPORTUNITY)
        .execute(Tuple.of(tenant, opportunityId))
        .compose(
            rows -> {
              if (rows.size() == 0 || rows.iterator().next().getValue("deleted_at") != null) {
                return Future.failedFuture(missing);
              }
              Row r = rows.iterator().next();
              Won won =
                  new Won(
                      r.getLong("id"),
                      r.getLong("customer_id"),
                      r.getString("name"),
                      r.getBigDecimal("amount"),
                      r.getLong("owner_id"));
              String status = r.getString("status");
              return CustomerService.load(tx, tenant, won.customerId(), false)
                  .compose(
                      customer -> {
                        if (!ContractRules.canRead(access, won.ownerId(), customer)) {
                          return Future.failedFuture(missing);
                        }
                        if (!ContractRules.canCreate(access, won.ownerId())) {
                          return Future.failedFuture(
                              new Forbidden("只有商机负责人或其上级可以为「" + won.name() + "」生成合同"));
                        }
                        if (!"won".equals(status)) {
                          return Future.failedFuture(
                              new Conflict("商机「" + won.name() + "」还没有赢单：赢单后才能生成合同"));
                        }
                        return tx.preparedQuery(ContractSql.LIVE_FOR_OPPORTUNITY)
                            .execute(Tuple.of(tenant, won.id()))
                            .compose(
                                existing ->
                                    existing.size() == 0
                                        ? Future.succeededFuture(won)
                                        : Future.failedFuture(
                                            new Conflict(
                                                "商机「"
                                                    + won.name()
                                                    + "」已经生成过合同 "
                                                    + existing
                                                        .iterator()
                                                        .next()
                                                        .getString("number"))));
                      });
            });
  }

  private Future<Contract> insert(
      SqlClient tx, Access access, Won won, NewContract input, String givenNumber, ZoneId zone) {
    Actor actor = access.actor();
    Instant now = clock.instant();
    LocalDate today = now.atZone(zone).toLocalDate();
    BigDecimal amount;
    List<PlannedInstalment> plan;
    LocalDate signedOn = input.signedOn() == null ? today : input.signedOn();
    try {
      amount =
          ContractFields.positive(
              "amount", input.amount() == null ? won.amount() : input.amount(), "合同金额");
      plan = ContractFields.plan(input.plan(), amount);
      if (signedOn.isAfter(today)) {
        throw InvalidInput.field("signedOn", "签约日期不能晚于今天");
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return number(tx, actor.tenantId(), givenNumber, signedOn)
        .compose(
            number ->
                tx.preparedQuery(ContractSql.INSERT)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              actor.tenantId(),
                              won.id(),
                              won.customerId(),
                              number,
                              amount,
                              signedOn,
                              input.startsOn(),
                              input.endsOn(),
                              won.ownerId(),
                              actor.isSystem() ? won.ownerId() : actor.userId()
                            }))
                    .map(rows -> rows.iterator().next().getLong(0))
                    .compose(
                        id ->
                            ContractLoads.visible(tx, access, id, false)
                                .compose(k -> instalments(tx, access, k, plan, zone, now))
                                .compose(k -> renewal(tx, access, k, zone, now))
                                .compose(
                                    k ->
                                        AuditLog.record(
                                                tx, actor, "create", "contract", id, audit(k, won))
                                            .map(k))));
  }

  private Future<String> number(SqlClient tx, long tenant, String given, LocalDate signedOn) {
    if (given != null) {
      return tx.preparedQuery(ContractSql.NUMBER_TAKEN)
          .execute(Tuple.of(tenant, given))
          .compose(
              rows ->
                  rows.size() == 0
                      ? Future.succeededFuture(given)
                      : Future.failedFuture(new Conflict("合同编号 " + given + " 已被使用")));
    }
    String prefix = "HT" + NUMBER_DAY.format(signedOn) + "-";
    return tx.preparedQuery(ContractSql.NUMBERS_WITH_PREFIX)
        .execute(Tuple.of(tenant, prefix))
        .map(rows -> prefix + (rows.iterator().next().getLong(0) + 1));
  }

  private Future<Contract> instalments(
      SqlClient tx,
      Access access,
      Contract k,
      List<PlannedInstalment> plan,
      ZoneId zone,
      Instant now) {
    long tenant = access.tenantId();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < plan.size(); i++) {
      int seq = i + 1;
      PlannedInstalment p = plan.get(i);
      chain =
          chain.compose(
              v ->
                  tx.preparedQuery(ContractSql.INSERT_INSTALMENT)
                      .execute(Tuple.of(tenant, k.id(), seq, p.dueOn(), p.amount()))
                      .map(rows -> rows.iterator().next().getLong(0))
                      .compose(
                          id -> {
                            Instalment planned =
                                new Instalment(
                                    id, seq, p.dueOn(), p.amount(), BigDecimal.ZERO, null, null);
                            return CollectionReminders.beforeDue(p.dueOn(), zone, now)
                                .map(
                                    at ->
                                        remind(
                                                tx,
                                                access,
                                                k,
                                                at,
                                                CollectionReminders.dueText(
                                                    k.customerName(), k.number(), planned))
                                            .compose(
                                                reminderId ->
                                                    tx.preparedQuery(
                                                            ContractSql.SET_INSTALMENT_REMINDER)
                                                        .execute(Tuple.of(tenant, id, reminderId))
                                                        .<Void>mapEmpty()))
                                .orElse(Future.succeededFuture());
                          }));
    }
    return chain.compose(v -> ContractLoads.withInstalments(tx, tenant, k));
  }

  private Future<Contract> renewal(
      SqlClient tx, Access access, Contract k, ZoneId zone, Instant now) {
    if (k.endsOn() == null) {
      return Future.succeededFuture(k);
    }
    return CollectionReminders.beforeEnd(k.endsOn(), zone, now)
        .map(
            at ->
                remind(
                        tx,
                        access,
                        k,
                        at,
                        CollectionReminders.renewalText(k.customerName(), k.number(), k.endsOn()))
                    .compose(
                        id ->
                            tx.preparedQuery(ContractSql.SET_RENEWAL_REMINDER)
                                .execute(Tuple.of(access.tenantId(), k.id(), id))
                                .map(k)))
        .orElse(Future.succeededFuture(k));
  }

  private Future<Long> remind(SqlClient tx, Access access, Contract k, Instant at, String text) {
    return CollectionReminders.create(reminders, tx, access, k, at, text);
  }

  private static JsonObject audit(Contract k, Won won) {
    JsonArray plan = new JsonArray();
    k.instalments()
        .forEach(
            i ->
                plan.add(
                    new JsonObject()
                        .put("seq", i.seq())
                        .put("dueOn", i.dueOn().toString())
                        .put("amount", i.amount().toPlainString())));
    return new JsonObject()
        .put("number", k.number())
        .put("opportunityId", won.id())
        .put("customerId", k.customerId())
        .put("amount", k.amount().toPlainString())
        .put("signedOn", k.signedOn().toString())
        .put("startsOn", k.startsOn() == null ? null : k.startsOn().toString())
        .put("endsOn", k.endsOn() == null ? null : k.endsOn().toString())
        .put("plan", plan);
  }
}
