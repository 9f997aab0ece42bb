package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contracts (合同) and collections (回款): make a contract from a won opportunity with its collection
 * plan, read it, and record receipts. Every call takes the acting user and applies {@link
 * ContractRules}; a contract the actor may not see answers like a missing one.
 */
public final class ContractService {

  private final Pool pool;
  private final ContractCreation creation;
  private final ReceiptRecorder receipts;
  private final ContractUndo undo;

  /** With reminders and tenants of its own (tests, tools). */
  public ContractService(Pool pool, Clock clock) {
    this(pool, clock, new ReminderService(pool, clock), new TenantService(pool));
  }

  /**
   * @param tenants the process's tenants (cached): the company's time zone, read for every contract
   *     and receipt
   */
  public ContractService(Pool pool, Clock clock, ReminderService reminders, TenantService tenants) {
    this.pool = pool;
    this.creation = new ContractCreation(pool, clock, reminders, tenants);
    this.receipts = new ReceiptRecorder(pool, clock, reminders, tenants);
    this.undo = new ContractUndo(pool, clock, reminders, tenants);
  }

  /**
   * 生成合同 from a won opportunity, with a reminder to its owner three days before each instalment is
   * due and thirty days before the period ends. One live contract per opportunity.
   */
  public Future<Contract> create(Actor actor, NewContract input) {
    return creation.create(actor, input);
  }

  /** The contract with its instalments, if the actor may see it. */
  public Future<Contract> get(Actor actor, long contractId) {
    return AccessResolver.resolve(pool, actor)
        .compose(access -> ContractLoads.visible(pool, access, contractId, false));
  }

  /** A voided contract, kept for the record: its figures as they were, and when it was voided. */
  public record VoidedContract(Contract contract, java.time.Instant voidedAt) {}

  /** A customer's contracts: the live ones newest first, and the voided ones latest first. */
  public record CustomerContracts(List<Contract> live, List<VoidedContract> voided) {}

  /** The customer's contracts the actor may see, newest first. */
  public Future<List<Contract>> listForCustomer(Actor actor, long customerId) {
    return readableOfCustomer(actor, customerId, ContractSql.BY_CUSTOMER)
        .compose(rows -> withInstalments(actor.tenantId(), rows));
  }

  /**
   * The customer's contracts the actor may see, live and voided (with the plan they had, for the
   * record), as the customer's page shows them.
   */
  public Future<CustomerContracts> allForCustomer(Actor actor, long customerId) {
    long tenant = actor.tenantId();
    return readableOfCustomer(actor, customerId, ContractSql.BY_CUSTOMER)
        .compose(rows -> withInstalments(tenant, rows))
        .compose(
            live ->
                readableOfCustomer(actor, customerId, ContractSql.VOIDED_BY_CUSTOMER)
                    .compose(
                        rows -> {
                          Map<Long, java.time.Instant> at = new HashMap<>();
                          rows.forEach(
                              r ->
                                  at.put(
                                      r.getLong("id"),
                                      r.getOffsetDateTime("voided_at").toInstant()));
                          return withInstalments(tenant, rows)
                              .map(
                                  voided ->
                                      new CustomerContracts(
                                          live,
                                          voided.stream()
                                              .map(k -> new VoidedContract(k, at.get(k.id())))
                                              .toList()));
                        }));
  }

  private Future<List<Contract>> withInstalments(long tenant, List<Row> rows) {
    return ContractLoads.withInstalments(
        pool, tenant, rows.stream().map(ContractRows::contract).toList());
  }

  /**
   * The rows of {@code sql} ($1 tenant, $2 customer) whose contract the actor may read; a customer
   * they may not see is missing.
   */
  private Future<List<Row>> readableOfCustomer(Actor actor, long customerId, String sql) {
    long tenant = actor.tenantId();
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                CustomerService.load(pool, tenant, customerId, false)
                    .compose(
                        customer -> {
                          if (customer.deleted() || !CustomerRules.canRead(access, customer)) {
                            return Future.failedFuture(new NotFound("没有找到客户 " + customerId));
                          }
                          return pool.preparedQuery(sql)
                              .execute(Tuple.of(tenant, customerId))
                              .map(
                                  rows -> {
                                    List<Row> readable = new ArrayList<>();
                                    for (Row r : rows) {
                                      if (ContractLoads.readable(
                                          access, ContractRows.contract(r), customer)) {
                                        readable.add(r);
                                      }
                                    }
                                    return readable;
                                  });
                        }));
  }

  /**
   * 回款: money received, applied to the unpaid instalments in due order. {@code messageId} (the chat
   * message's id, or null) makes a re-delivered message record nothing twice.
   */
  public Future<ReceiptResult> recordReceipt(Actor actor, NewReceipt input, String messageId) {
    return receipts.record(actor, input, messageId);
  }

  /**
   * 作废: the contract is voided (its opportunity may have a new one) and its pending instalment and
   * renewal reminders cancelled. Only the owner's side, and only while no receipt is recorded on it
   * (Conflict otherwise). {@code window} (chat 撤销) also requires it was made that recently; null
   * for none.
   */
  public Future<Contract> voidContract(Actor actor, long contractId, Duration window) {
    return undo.voidContract(actor, contractId, window);
  }

  /**
   * 撤回 a receipt, by whoever recorded it or the contract owner's side: the amounts on the contract
   * and its instalments are as if it had never been recorded, and an instalment no longer paid in
   * full is reminded of again when its due day is still ahead. {@code window} as for {@link
   * #voidContract}. Returns the contract after it.
   */
  public Future<Contract> withdrawReceipt(
      Actor actor, long contractId, long receiptId, Duration window) {
    return undo.withdrawReceipt(actor, contractId, receiptId, window);
  }

  /** The receipts of a contract the actor may see, newest first. */
  public Future<List<Receipt>> receipts(Actor actor, long contractId) {
    return get(actor, contractId).compose(k -> undo.receipts(pool, actor.tenantId(), k.id()));
  }

  /** The audit trail, oldest first, for whoever may see the contract. */
  public Future<List<AuditEntry>> history(Actor actor, long contractId) {
    return get(actor, contractId)
        .compose(k -> AuditQueries.history(pool, actor.tenantId(), "contract", contractId));
  }
}
