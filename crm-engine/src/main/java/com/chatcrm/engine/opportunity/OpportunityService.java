package com.chatcrm.engine.opportunity;

import static com.chatcrm.engine.opportunity.OpportunityLoads.load;
import static com.chatcrm.engine.opportunity.OpportunityLoads.loadCustomer;
import static com.chatcrm.engine.opportunity.OpportunityLoads.loadWithCustomer;
import static com.chatcrm.engine.opportunity.OpportunityLoads.missingCustomer;
import static com.chatcrm.engine.opportunity.OpportunityLoads.requireLive;
import static com.chatcrm.engine.opportunity.OpportunityLoads.requireVisible;
import static com.chatcrm.engine.opportunity.OpportunityStageMoves.recordMove;
import static com.chatcrm.engine.opportunity.StageLocks.startStage;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.org.ActiveColleague;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Opportunities (商机): create, read, edit with optimistic locking, move through the stages (every
 * move recorded with who and when), win, lose with a reason, reopen, transfer, soft delete and
 * restore. Every call takes the acting user and applies {@link OpportunityRules} itself.
 */
public final class OpportunityService {

  private final Pool pool;
  private final PipelineCache pipelines;
  private final OpportunityTransaction transaction;
  private final OpportunityEdits edits;
  private final OpportunityStageMoves stageMoves;

  /** Without a funnel cache to keep fresh (tests, tools). */
  public OpportunityService(Pool pool) {
    this(pool, PipelineCache.none());
  }

  /**
   * @param pipelines the process's funnels, marked stale when this service changes what they count
   */
  public OpportunityService(Pool pool, PipelineCache pipelines) {
    this.pool = pool;
    this.pipelines = pipelines;
    this.transaction = new OpportunityTransaction(pool, pipelines);
    this.edits = new OpportunityEdits(transaction);
    this.stageMoves = new OpportunityStageMoves(transaction);
  }

  /**
   * Creates an opportunity on a customer the actor may work on ({@link CustomerRules#canEdit}). It
   * starts in the given open stage, else the first one, with the stage's probability unless one is
   * given, owned by the actor unless a manager or admin names someone they manage.
   */
  public Future<Opportunity> create(Actor actor, NewOpportunity input) {
    return transaction.changingFunnel(actor, (tx, access) -> insert(tx, access, input));
  }

  /**
   * {@link #create}, inside the caller's transaction (a lead's conversion makes the opportunity
   * with its customer in one): the same checks and audit row; the funnel change is announced with
   * the transaction. Call {@link #funnelChanged} once it committed.
   */
  public Future<Opportunity> createIn(SqlClient tx, Access access, NewOpportunity input) {
    return insert(tx, access, input)
        .compose(o -> PipelineCache.announce(tx, access.tenantId()).map(o));
  }

  /** This process's funnels are stale: after opportunities were made outside this service. */
  public void funnelChanged(long tenantId) {
    pipelines.changed(tenantId);
  }

  private static Future<Opportunity> insert(SqlClient tx, Access access, NewOpportunity input) {
    Actor actor = access.actor();
    String name;
    BigDecimal amount;
    try {
      name = OpportunityFields.validName(input.name());
      amount = OpportunityFields.validAmount(input.amount());
      DateBounds.refuse("expectedClose", input.expectedClose());
      if (input.probability() != null) {
        OpportunityFields.validProbability(input.probability());
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    if (actor.isSystem() && input.ownerId() == null) {
      return Future.failedFuture(InvalidInput.field("ownerId", "the system must name an owner"));
    }
    long owner = input.ownerId() == null ? actor.userId() : input.ownerId();
    return loadCustomer(tx, actor.tenantId(), input.customerId())
        .compose(
            customer -> {
              if (!CustomerRules.canRead(access, customer)) {
                return Future.failedFuture(missingCustomer(customer.id()));
              }
              if (customer.deleted()) {
                return Future.failedFuture(new NotFound("客户「" + customer.name() + "」已删除"));
              }
              if (!CustomerRules.canEdit(access, customer)) {
                return Future.failedFuture(
                    new Forbidden("你不能为客户「" + customer.name() + "」创建商机：请先成为它的负责人或协同人"));
              }
              if (!access.seesOwner(owner)) {
                return Future.failedFuture(new Forbidden("只能为自己或自己管理的同事创建商机"));
              }
              return ActiveColleague.require(tx, actor.tenantId(), owner, "ownerId")
                  .compose(v -> startStage(tx, actor.tenantId(), input.stageId()))
                  .compose(
                      stage -> {
                        OpportunityFields f =
                            new OpportunityFields(
                                name,
                                amount,
                                input.expectedClose(),
                                input.probability() == null
                                    ? stage.probability()
                                    : input.probability());
                        long createdBy = actor.isSystem() ? owner : actor.userId();
                        return tx.preparedQuery(OpportunitySql.INSERT)
                            .execute(
                                Tuple.from(
                                    new Object[] {
                                      actor.tenantId(),
                                      customer.id(),
                                      f.name(),
                                      f.amount(),
                                      f.expectedClose(),
                                      stage.id(),
                                      f.probability(),
                                      owner,
                                      createdBy
                                    }))
                            .map(rows -> rows.iterator().next().getLong(0))
                            .compose(
                                id ->
                                    recordMove(tx, actor, id, null, stage.id(), owner)
                                        .compose(
                                            v ->
                                                AuditLog.record(
                                                    tx,
                                                    actor,
                                                    "create",
                                                    "opportunity",
                                                    id,
                                                    f.toJson()
                                                        .put("customerId", customer.id())
                                                        .put("stageId", stage.id())
                                                        .put("stage", stage.name())
                                                        .put("ownerId", owner)))
                                        .compose(v -> load(tx, actor.tenantId(), id, false)));
                      });
            });
  }

  /** The opportunity, if the actor may see it. */
  public Future<Opportunity> get(Actor actor, long opportunityId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                loadWithCustomer(pool, actor.tenantId(), opportunityId, false)
                    .map(
                        pair -> {
                          requireVisible(access, pair);
                          requireLive(pair);
                          return pair.opportunity();
                        }));
  }

  /** The live opportunities of a customer that the actor may see, open ones first. */
  public Future<List<Opportunity>> listForCustomer(Actor actor, long customerId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                loadCustomer(pool, actor.tenantId(), customerId)
                    .compose(
                        customer -> {
                          if (customer.deleted()) {
                            return Future.failedFuture(
                                CustomerRules.canRead(access, customer)
                                    ? new NotFound("客户「" + customer.name() + "」已删除")
                                    : missingCustomer(customerId));
                          }
                          return pool.preparedQuery(OpportunitySql.BY_CUSTOMER)
                              .execute(Tuple.of(actor.tenantId(), customerId))
                              .compose(
                                  rows -> {
                                    List<Opportunity> visible = new ArrayList<>();
                                    for (Row r : rows) {
                                      Opportunity o = OpportunityRows.opportunity(r);
                                      if (OpportunityRules.canRead(access, o, customer)) {
                                        visible.add(o);
                                      }
                                    }
                                    if (visible.isEmpty()
                                        && !CustomerRules.canRead(access, customer)) {
                                      return Future.failedFuture(missingCustomer(customerId));
                                    }
                                    return Future.succeededFuture(visible);
                                  });
                        }));
  }

  /**
   * Applies the changes if the opportunity is still at {@code expectedVersion}; a stale edit is
   * refused with {@link StaleVersion}, never silently lost. The probability of a closed opportunity
   * is fixed.
   */
  public Future<Opportunity> update(
      Actor actor, long opportunityId, int expectedVersion, OpportunityChanges changes) {
    return edits.update(actor, opportunityId, expectedVersion, changes);
  }

  /**
   * Moves the opportunity to another active stage and records who moved it when. Into the won stage
   * it is won (probability 100, closed now); into an open stage it takes the stage's probability,
   * and a closed opportunity is reopened. Losing needs a reason: use {@link #lose}.
   */
  public Future<Opportunity> moveStage(
      Actor actor, long opportunityId, int expectedVersion, long stageId) {
    return stageMoves.moveStage(actor, opportunityId, expectedVersion, stageId);
  }

  /**
   * Takes back a stage move (撤销): moves back like {@link #moveStage}, and when that undoes a win,
   * the customer gets back the level the win replaced with 成交 (if nothing changed it since), in the
   * same transaction.
   */
  public Future<Opportunity> moveBack(
      Actor actor, long opportunityId, int expectedVersion, long stageId) {
    return stageMoves.moveBack(actor, opportunityId, expectedVersion, stageId);
  }

  /** Moves the opportunity to the won stage (赢单). */
  public Future<Opportunity> win(Actor actor, long opportunityId, int expectedVersion) {
    return stageMoves.win(actor, opportunityId, expectedVersion);
  }

  /** Moves the opportunity to the lost stage (输单) with the reason, which is required. */
  public Future<Opportunity> lose(
      Actor actor, long opportunityId, int expectedVersion, String reason) {
    return stageMoves.lose(actor, opportunityId, expectedVersion, reason);
  }

  /** Hands the opportunity to another active user of the tenant. */
  public Future<Opportunity> transfer(Actor actor, long opportunityId, long newOwnerId) {
    return edits.transfer(actor, opportunityId, newOwnerId);
  }

  /** Soft delete: the opportunity leaves lists and the pipeline and can be restored. */
  public Future<Opportunity> delete(Actor actor, long opportunityId) {
    return edits.delete(actor, opportunityId);
  }

  /** Undoes a delete, unless its customer is deleted or its stage was deactivated meanwhile. */
  public Future<Opportunity> restore(Actor actor, long opportunityId) {
    return edits.restore(actor, opportunityId);
  }

  /** The stage history, oldest first: the stage it was created in, then every move. */
  public Future<List<StageMove>> moves(Actor actor, long opportunityId) {
    return get(actor, opportunityId)
        .compose(
            o ->
                pool.preparedQuery(OpportunitySql.MOVES)
                    .execute(Tuple.of(actor.tenantId(), opportunityId)))
        .map(
            rows -> {
              List<StageMove> out = new ArrayList<>();
              rows.forEach(r -> out.add(OpportunityRows.move(r)));
              return out;
            });
  }

  /** The audit trail, oldest first, for whoever may see the opportunity. */
  public Future<List<AuditEntry>> history(Actor actor, long opportunityId) {
    return get(actor, opportunityId)
        .compose(o -> AuditQueries.history(pool, actor.tenantId(), "opportunity", opportunityId));
  }
}
