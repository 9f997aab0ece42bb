package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.LimitReached;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.org.ActiveColleague;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * Customers: create with 查重, read, edit with optimistic locking, soft delete and restore, transfer,
 * collaborators. Every call takes the acting user; the data-permission rules ({@link
 * CustomerRules}) are applied here, so no caller can forget them.
 */
public final class CustomerService {

  private final Pool pool;
  private final CustomerEdits edits;
  private final CustomerOwnership ownership;
  private final NameChanges names;

  /** Without a funnel cache to keep fresh (tests, tools). */
  public CustomerService(Pool pool) {
    this(pool, PipelineCache.none());
  }

  /**
   * @param pipelines the process's funnels, marked stale when this service changes what they count
   */
  public CustomerService(Pool pool, PipelineCache pipelines) {
    this(pool, pipelines, new NameChanges());
  }

  /**
   * @param names the process's count of name changes per tenant, bumped when this service changes a
   *     name
   */
  public CustomerService(Pool pool, PipelineCache pipelines, NameChanges names) {
    this.pool = pool;
    this.names = names;
    this.edits = new CustomerEdits(pool, pipelines, names);
    this.ownership = new CustomerOwnership(pool);
  }

  /**
   * Creates a customer owned by the actor (or by {@code ownerId}, which a manager or admin may
   * set). Fails with {@link Duplicate} when a live customer has the same normalised name or a phone
   * number, naming its owner; the customer's details are masked when the actor may not see it.
   */
  public Future<Customer> create(Actor actor, NewCustomer input) {
    CustomerFields f;
    try {
      f = CustomerFields.of(input);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(pool, actor, (tx, access) -> createIn(tx, access, input))
        .onSuccess(c -> names.changed(actor.tenantId()))
        .recover(
            e ->
                CustomerDuplicates.uniqueViolation(e)
                    ? duplicateAfterRace(actor, f)
                    : Future.failedFuture(e));
  }

  /**
   * {@link #create}, inside the caller's transaction (a lead's conversion makes the customer with
   * its contact and opportunity in one): the same checks, 查重 and audit row. Call {@link
   * #namesChanged} once the transaction committed.
   */
  public Future<Customer> createIn(SqlClient tx, Access access, NewCustomer input) {
    CustomerFields f;
    try {
      f = CustomerFields.of(input);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    Actor actor = access.actor();
    long owner = input.ownerId() == null ? actor.userId() : input.ownerId();
    if (actor.isSystem() && input.ownerId() == null) {
      return Future.failedFuture(InvalidInput.field("ownerId", "the system must name an owner"));
    }
    if (!access.seesOwner(owner)) {
      return Future.failedFuture(
          new Forbidden("you may only create customers for yourself or the people you manage"));
    }
    return ActiveColleague.require(tx, actor.tenantId(), owner, "ownerId")
        .compose(v -> withinPrivateLimit(tx, actor.tenantId(), owner))
        .compose(v -> CustomerDuplicates.refuse(tx, access, f, 0))
        .compose(v -> insert(tx, actor, f, owner))
        .compose(id -> KnownCustomers.announce(tx, actor.tenantId()).map(id))
        .compose(
            id ->
                AuditLog.record(
                        tx, actor, "create", "customer", id, f.toJson().put("ownerId", owner))
                    .compose(x -> load(tx, actor.tenantId(), id, false)));
  }

  /** Tells this process's name index that customers were made or removed outside this service. */
  public void namesChanged(long tenantId) {
    names.changed(tenantId);
  }

  /** The customer, if the actor may see it. */
  public Future<Customer> get(Actor actor, long customerId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                load(pool, actor.tenantId(), customerId, false)
                    .map(
                        c -> {
                          if (!CustomerRules.canRead(access, c)) {
                            throw missing(customerId);
                          }
                          if (c.deleted()) {
                            throw new NotFound("customer " + customerId + " is deleted");
                          }
                          return c;
                        }));
  }

  /**
   * Applies the changes if the customer is still at {@code expectedVersion}; a stale edit is
   * refused with {@link StaleVersion}, never silently lost.
   */
  public Future<Customer> update(
      Actor actor, long customerId, int expectedVersion, CustomerChanges changes) {
    return edits.update(actor, customerId, expectedVersion, changes);
  }

  /** Soft delete: the customer disappears from lists and searches and can be restored. */
  public Future<Customer> delete(Actor actor, long customerId) {
    return edits.delete(actor, customerId);
  }

  /** Undoes a delete, unless a customer with the same name was created meanwhile. */
  public Future<Customer> restore(Actor actor, long customerId) {
    return edits.restore(actor, customerId);
  }

  /**
   * Hands the customer to another active user of the tenant. A 公海 customer has no owner to hand it
   * over and is refused here: {@code CustomerTransfers} assigns it out of the pool instead, under
   * the pool's rules.
   */
  public Future<Customer> transfer(Actor actor, long customerId, long newOwnerId) {
    return ownership.transfer(actor, customerId, newOwnerId);
  }

  /**
   * Takes back the latest transfer (or pool assignment) of the customer when the actor made it at
   * or after {@code since} and the customer has not changed hands again: it returns to its previous
   * owner, or to the pool. The actor may no longer see the customer after handing it over, so what
   * permits this is having made the transfer, not the current visibility.
   */
  public Future<Customer> undoTransfer(Actor actor, long customerId, Instant since) {
    return ownership.undoTransfer(actor, customerId, since);
  }

  /** Adds a 协同人: they may then see and edit the customer. */
  public Future<Customer> addCollaborator(Actor actor, long customerId, long userId) {
    return ownership.addCollaborator(actor, customerId, userId);
  }

  public Future<Customer> removeCollaborator(Actor actor, long customerId, long userId) {
    return ownership.removeCollaborator(actor, customerId, userId);
  }

  /**
   * Loads a customer (deleted ones too) inside the caller's transaction, without permission checks:
   * for engine code that checks {@link CustomerRules} itself. {@code forUpdate} takes the row lock.
   */
  public static Future<Customer> load(
      SqlClient db, long tenantId, long customerId, boolean forUpdate) {
    Future<?> locked =
        forUpdate
            ? db.preparedQuery(CustomerSql.LOCK).execute(Tuple.of(tenantId, customerId))
            : Future.succeededFuture();
    return locked
        .compose(v -> db.preparedQuery(CustomerSql.BY_ID).execute(Tuple.of(tenantId, customerId)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(customerId);
              }
              return CustomerRows.map(rows.iterator().next());
            });
  }

  /**
   * The refusal for a customer that does not exist, or that the actor may not see: the same for
   * both.
   */
  public static NotFound missing(long customerId) {
    return new NotFound("no customer " + customerId);
  }

  /** 私海上限: the pool rule's max_private counts created customers as well as claimed ones. */
  private static Future<Void> withinPrivateLimit(SqlClient tx, long tenantId, long owner) {
    return tx.preparedQuery(CustomerSql.OWNER_HOLDINGS)
        .execute(Tuple.of(tenantId, owner))
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              Integer max = r.getInteger("max_private");
              long held = r.getLong("held");
              if (max != null && held >= max) {
                return Future.failedFuture(
                    new LimitReached(
                        "客户数已达上限（最多 " + max + " 个，现有 " + held + " 个），请先将不再跟进的客户放回公海",
                        new JsonObject()
                            .put("limit", "max_private")
                            .put("max", max)
                            .put("held", held)));
              }
              return Future.succeededFuture();
            });
  }

  private static Future<Long> insert(SqlClient tx, Actor actor, CustomerFields f, long owner) {
    return tx.preparedQuery(CustomerSql.INSERT)
        .execute(f.insertTuple(actor.tenantId(), owner, actor.isSystem() ? owner : actor.userId()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<Customer> duplicateAfterRace(Actor actor, CustomerFields f) {
    // A concurrent create won the unique index: answer as the 查重 would have.
    return AccessResolver.resolve(pool, actor)
        .compose(access -> CustomerDuplicates.refuse(pool, access, f, 0))
        .compose(
            v ->
                Future.failedFuture(new Duplicate("a customer with the same name exists already")));
  }
}
