package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditEntry;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.AuditQueries;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.org.ActiveColleague;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Opportunities (商机): create, read, edit with optimistic locking, move through the stages (every
 * move recorded with who and when), win, lose with a reason, reopen, transfer, soft delete and
 * restore. Every call takes the acting user and applies {@link OpportunityRules} itself.
 */
public final class OpportunityService {

  static final int MAX_REASON = 500;

  private final Pool pool;
  private final PipelineCache pipelines;

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
  }

  /**
   * Creates an opportunity on a customer the actor may work on ({@link CustomerRules#canEdit}). It
   * starts in the given open stage, else the first one, with the stage's probability unless one is
   * given, owned by the actor unless a manager or admin names someone they manage.
   */
  public Future<Opportunity> create(Actor actor, NewOpportunity input) {
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
    return changingFunnel(
        actor,
        (tx, access) ->
            loadCustomer(tx, actor.tenantId(), input.customerId())
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
                                                .compose(
                                                    v -> load(tx, actor.tenantId(), id, false)));
                              });
                    }));
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
    return editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) -> {
          if (changes.probability() != null
              && current.closed()
              && changes.probability() != current.probability()) {
            return Future.failedFuture(
                new Conflict(
                    "商机已" + current.status().label() + "，赢率固定为 " + current.probability() + "%"));
          }
          OpportunityFields before = OpportunityFields.of(current);
          OpportunityFields after;
          try {
            after = before.apply(changes);
          } catch (InvalidInput e) {
            return Future.failedFuture(e);
          }
          JsonObject diff = FieldChanges.between(before.toJson(), after.toJson());
          if (diff.isEmpty()) {
            return Future.succeededFuture(current);
          }
          return tx.preparedQuery(OpportunitySql.UPDATE)
              .execute(
                  Tuple.of(
                      actor.tenantId(),
                      opportunityId,
                      after.name(),
                      after.amount(),
                      after.expectedClose(),
                      after.probability()))
              .compose(
                  v -> AuditLog.record(tx, actor, "update", "opportunity", opportunityId, diff))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }

  /**
   * Moves the opportunity to another active stage and records who moved it when. Into the won stage
   * it is won (probability 100, closed now); into an open stage it takes the stage's probability,
   * and a closed opportunity is reopened. Losing needs a reason: use {@link #lose}.
   */
  public Future<Opportunity> moveStage(
      Actor actor, long opportunityId, int expectedVersion, long stageId) {
    return move(actor, opportunityId, expectedVersion, stageId, false);
  }

  /**
   * Takes back a stage move (撤销): moves back like {@link #moveStage}, and when that undoes a win,
   * the customer gets back the level the win replaced with 成交 (if nothing changed it since), in the
   * same transaction.
   */
  public Future<Opportunity> moveBack(
      Actor actor, long opportunityId, int expectedVersion, long stageId) {
    return move(actor, opportunityId, expectedVersion, stageId, true);
  }

  private Future<Opportunity> move(
      Actor actor, long opportunityId, int expectedVersion, long stageId, boolean undo) {
    return editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) ->
            lockStage(tx, actor.tenantId(), stageId)
                .compose(
                    target -> {
                      if (target.kind() == StageKind.LOST) {
                        return Future.failedFuture(InvalidInput.field("reason", "输单需要填写原因"));
                      }
                      if (target.id() == current.stageId()) {
                        return Future.succeededFuture(current);
                      }
                      return transition(tx, actor, current, target, null)
                          .compose(
                              moved ->
                                  undo
                                          && current.status() == OpportunityStatus.WON
                                          && moved.status() != OpportunityStatus.WON
                                      ? customerUnwon(tx, actor, current).map(moved)
                                      : Future.succeededFuture(moved));
                    }));
  }

  /** Moves the opportunity to the won stage (赢单). */
  public Future<Opportunity> win(Actor actor, long opportunityId, int expectedVersion) {
    return editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) ->
            closingStage(tx, actor.tenantId(), StageKind.WON)
                .compose(
                    won ->
                        won.id() == current.stageId()
                            ? Future.succeededFuture(current)
                            : transition(tx, actor, current, won, null)));
  }

  /** Moves the opportunity to the lost stage (输单) with the reason, which is required. */
  public Future<Opportunity> lose(
      Actor actor, long opportunityId, int expectedVersion, String reason) {
    String why = reason == null ? "" : reason.strip();
    if (ControlCharacters.found(why)) {
      return Future.failedFuture(ControlCharacters.refusal("reason"));
    }
    if (why.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("reason", "输单需要填写原因"));
    }
    if (why.length() > MAX_REASON) {
      return Future.failedFuture(InvalidInput.field("reason", "输单原因不能超过 " + MAX_REASON + " 个字"));
    }
    return editing(
        actor,
        opportunityId,
        expectedVersion,
        (tx, access, current) -> {
          if (current.status() == OpportunityStatus.LOST) {
            return Future.failedFuture(new Conflict("商机「" + current.name() + "」已经是输单"));
          }
          return closingStage(tx, actor.tenantId(), StageKind.LOST)
              .compose(lost -> transition(tx, actor, current, lost, why));
        });
  }

  /** Hands the opportunity to another active user of the tenant. */
  public Future<Opportunity> transfer(Actor actor, long opportunityId, long newOwnerId) {
    return inTransaction(
        actor,
        opportunityId,
        false,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canManage(access, current, pair.customer())) {
            return Future.failedFuture(
                new Forbidden("只有负责人、其上级或管理员可以转移商机「" + current.name() + "」"));
          }
          if (current.ownerId() == newOwnerId) {
            return Future.succeededFuture(current);
          }
          return ActiveColleague.require(tx, actor.tenantId(), newOwnerId, "newOwnerId")
              .compose(
                  v ->
                      tx.preparedQuery(OpportunitySql.TRANSFER)
                          .execute(Tuple.of(actor.tenantId(), opportunityId, newOwnerId)))
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "transfer",
                          "opportunity",
                          opportunityId,
                          new JsonObject()
                              .put("ownerId", AuditLog.change(current.ownerId(), newOwnerId))))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }

  /** Soft delete: the opportunity leaves lists and the pipeline and can be restored. */
  public Future<Opportunity> delete(Actor actor, long opportunityId) {
    return inTransaction(
        actor,
        opportunityId,
        false,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canManage(access, current, pair.customer())) {
            return Future.failedFuture(
                new Forbidden("只有负责人、其上级或管理员可以删除商机「" + current.name() + "」"));
          }
          return tx.preparedQuery(OpportunitySql.SOFT_DELETE)
              .execute(Tuple.of(actor.tenantId(), opportunityId))
              .compose(
                  v -> AuditLog.record(tx, actor, "delete", "opportunity", opportunityId, null))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
  }

  /** Undoes a delete, unless its customer is deleted or its stage was deactivated meanwhile. */
  public Future<Opportunity> restore(Actor actor, long opportunityId) {
    return inTransaction(
        actor,
        opportunityId,
        true,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canManage(access, current, pair.customer())) {
            return Future.failedFuture(
                new Forbidden("只有负责人、其上级或管理员可以恢复商机「" + current.name() + "」"));
          }
          if (!current.deleted()) {
            return Future.succeededFuture(current);
          }
          if (pair.customer().deleted()) {
            return Future.failedFuture(
                new Conflict("客户「" + pair.customer().name() + "」已删除，请先恢复客户"));
          }
          return lockStage(tx, actor.tenantId(), current.stageId())
              .recover(
                  e ->
                      Future.failedFuture(
                          e instanceof InvalidInput
                              ? new Conflict("商机所在的阶段「" + current.stageName() + "」已停用，请先启用该阶段")
                              : e))
              .compose(
                  stage ->
                      tx.preparedQuery(OpportunitySql.RESTORE)
                          .execute(Tuple.of(actor.tenantId(), opportunityId)))
              .compose(
                  v -> AuditLog.record(tx, actor, "restore", "opportunity", opportunityId, null))
              .compose(v -> load(tx, actor.tenantId(), opportunityId, false));
        });
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

  // ------------------------------------------------------------------------------------------

  /** An opportunity together with its customer, which half of the permission rules look at. */
  private record WithCustomer(Opportunity opportunity, Customer customer) {}

  @FunctionalInterface
  private interface Work<T> {
    Future<T> apply(SqlClient tx, Access access, WithCustomer pair);
  }

  @FunctionalInterface
  private interface Edit {
    Future<Opportunity> apply(SqlClient tx, Access access, Opportunity current);
  }

  /** Runs an edit of a live opportunity the actor may edit, at the version the actor saw. */
  private Future<Opportunity> editing(
      Actor actor, long opportunityId, int expectedVersion, Edit edit) {
    return inTransaction(
        actor,
        opportunityId,
        false,
        (tx, access, pair) -> {
          Opportunity current = pair.opportunity();
          if (!OpportunityRules.canEdit(access, current, pair.customer())) {
            return Future.failedFuture(new Forbidden("你没有权限修改商机「" + current.name() + "」"));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          return edit.apply(tx, access, current);
        });
  }

  /**
   * A transaction that may change the tenant's funnel: cached funnels are dropped on every node, on
   * this one before the caller hears of the commit, so the actor's next funnel shows their change.
   */
  private <T> Future<T> changingFunnel(Actor actor, BiFunction<SqlClient, Access, Future<T>> work) {
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                work.apply(tx, access)
                    .compose(result -> PipelineCache.announce(tx, actor.tenantId()).map(result)))
        .onSuccess(result -> pipelines.changed(actor.tenantId()));
  }

  private <T> Future<T> inTransaction(
      Actor actor, long opportunityId, boolean includeDeleted, Work<T> work) {
    return changingFunnel(
        actor,
        (tx, access) ->
            loadWithCustomer(tx, actor.tenantId(), opportunityId, true)
                .compose(
                    pair -> {
                      try {
                        requireVisible(access, pair);
                      } catch (NotFound e) {
                        return Future.failedFuture(e);
                      }
                      if (!includeDeleted) {
                        try {
                          requireLive(pair);
                        } catch (NotFound e) {
                          return Future.failedFuture(e);
                        }
                      }
                      return work.apply(tx, access, pair);
                    }));
  }

  private Future<Opportunity> transition(
      SqlClient tx, Actor actor, Opportunity current, Stage target, String lostReason) {
    OpportunityStatus status = OpportunityStatus.of(target.kind());
    // The closed states pin the probability whatever the stage row says: won is certain, lost is
    // nothing.
    int probability =
        switch (status) {
          case WON -> 100;
          case LOST -> 0;
          case OPEN -> target.probability();
        };
    JsonObject changes =
        new JsonObject()
            .put("stageId", AuditLog.change(current.stageId(), target.id()))
            .put("stage", AuditLog.change(current.stageName(), target.name()));
    if (status != current.status()) {
      changes.put("status", AuditLog.change(current.status().code(), status.code()));
    }
    if (probability != current.probability()) {
      changes.put("probability", AuditLog.change(current.probability(), probability));
    }
    if (!Objects.equals(lostReason, current.lostReason())) {
      changes.put("lostReason", AuditLog.change(current.lostReason(), lostReason));
    }
    return tx.preparedQuery(OpportunitySql.MOVE)
        .execute(
            Tuple.of(
                actor.tenantId(),
                current.id(),
                target.id(),
                status.code(),
                probability,
                lostReason))
        .compose(
            v ->
                recordMove(
                    tx, actor, current.id(), current.stageId(), target.id(), current.ownerId()))
        .compose(
            v -> AuditLog.record(tx, actor, "stage_move", "opportunity", current.id(), changes))
        .compose(
            v ->
                status == OpportunityStatus.WON && current.status() != OpportunityStatus.WON
                    ? customerWon(tx, actor, current.customerId())
                    : Future.<Void>succeededFuture())
        .compose(v -> load(tx, actor.tenantId(), current.id(), false));
  }

  /**
   * A win makes the customer 成交 in the same transaction, audited as an update of the customer's
   * level.
   */
  private static Future<Void> customerWon(SqlClient tx, Actor actor, long customerId) {
    return tx.preparedQuery(OpportunitySql.CUSTOMER_WON)
        .execute(Tuple.of(actor.tenantId(), customerId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.<Void>succeededFuture()
                    : AuditLog.record(
                        tx,
                        actor,
                        "update",
                        "customer",
                        customerId,
                        new JsonObject()
                            .put(
                                "level",
                                AuditLog.change(
                                    rows.iterator().next().getString("level"), "deal"))));
  }

  /**
   * Undoing a win gives the customer back its level from before the win, audited like the win's
   * change.
   */
  private static Future<Void> customerUnwon(SqlClient tx, Actor actor, Opportunity unwon) {
    return tx.preparedQuery(OpportunitySql.CUSTOMER_UNWON)
        .execute(Tuple.of(actor.tenantId(), unwon.id(), unwon.customerId()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.<Void>succeededFuture()
                    : AuditLog.record(
                        tx,
                        actor,
                        "update",
                        "customer",
                        unwon.customerId(),
                        new JsonObject()
                            .put(
                                "level",
                                AuditLog.change(
                                    "deal", rows.iterator().next().getString("level")))));
  }

  /** The system has no user row, so its moves are booked to the opportunity's owner. */
  private static Future<Void> recordMove(
      SqlClient tx, Actor actor, long opportunityId, Long from, long to, long owner) {
    return tx.preparedQuery(OpportunitySql.INSERT_MOVE)
        .execute(
            Tuple.of(
                actor.tenantId(),
                opportunityId,
                from,
                to,
                actor.isSystem() ? owner : actor.userId()))
        .mapEmpty();
  }

  /**
   * The stage a new opportunity starts in: the named one, which must be active and open, else the
   * first.
   */
  private static Future<Stage> startStage(SqlClient tx, long tenantId, Long stageId) {
    if (stageId == null) {
      return tx.preparedQuery(StageSql.FIRST_OPEN_FOR_SHARE)
          .execute(Tuple.of(tenantId))
          .map(
              rows -> {
                if (rows.size() == 0) {
                  throw new Conflict("公司还没有进行中的商机阶段，请管理员先设置阶段");
                }
                return OpportunityRows.stage(rows.iterator().next());
              });
    }
    return lockStage(tx, tenantId, stageId)
        .map(
            stage -> {
              if (!stage.open()) {
                throw InvalidInput.field(
                    "stageId", "新商机不能直接放在「" + stage.name() + "」阶段，请先创建再标记" + stage.name());
              }
              return stage;
            });
  }

  /** An active stage of the tenant, share-locked until the transaction ends. */
  private static Future<Stage> lockStage(SqlClient tx, long tenantId, long stageId) {
    return tx.preparedQuery(StageSql.BY_ID_FOR_SHARE)
        .execute(Tuple.of(tenantId, stageId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw InvalidInput.field("stageId", "没有这个商机阶段");
              }
              Stage stage = OpportunityRows.stage(rows.iterator().next());
              if (!stage.active()) {
                throw InvalidInput.field("stageId", "阶段「" + stage.name() + "」已停用");
              }
              return stage;
            });
  }

  private static Future<Stage> closingStage(SqlClient tx, long tenantId, StageKind kind) {
    return tx.preparedQuery(StageSql.ACTIVE_OF_KIND_FOR_SHARE)
        .execute(Tuple.of(tenantId, kind.code()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new Conflict("公司没有启用中的" + (kind == StageKind.WON ? "赢单" : "输单") + "阶段");
              }
              return OpportunityRows.stage(rows.iterator().next());
            });
  }

  /**
   * An opportunity the actor may not see fails exactly like a missing id, before any rule that
   * names it: a rep learns nothing about a colleague's deals by trying ids.
   */
  private static void requireVisible(Access access, WithCustomer pair) {
    if (!OpportunityRules.canRead(access, pair.opportunity(), pair.customer())) {
      throw missing(pair.opportunity().id());
    }
  }

  private static NotFound missing(long opportunityId) {
    return new NotFound("没有找到商机 " + opportunityId);
  }

  private static NotFound missingCustomer(long customerId) {
    return new NotFound("没有找到客户 " + customerId);
  }

  private static void requireLive(WithCustomer pair) {
    if (pair.opportunity().deleted()) {
      throw new NotFound("商机「" + pair.opportunity().name() + "」已删除");
    }
    if (pair.customer().deleted()) {
      throw new NotFound("商机「" + pair.opportunity().name() + "」的客户已删除");
    }
  }

  private static Future<WithCustomer> loadWithCustomer(
      SqlClient db, long tenantId, long opportunityId, boolean forUpdate) {
    return load(db, tenantId, opportunityId, forUpdate)
        .compose(o -> loadCustomer(db, tenantId, o.customerId()).map(c -> new WithCustomer(o, c)));
  }

  private static Future<Opportunity> load(
      SqlClient db, long tenantId, long opportunityId, boolean forUpdate) {
    Future<?> locked =
        forUpdate
            ? db.preparedQuery(OpportunitySql.LOCK).execute(Tuple.of(tenantId, opportunityId))
            : Future.succeededFuture();
    return locked
        .compose(
            v -> db.preparedQuery(OpportunitySql.BY_ID).execute(Tuple.of(tenantId, opportunityId)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(opportunityId);
              }
              return OpportunityRows.opportunity(rows.iterator().next());
            });
  }

  private static Future<Customer> loadCustomer(SqlClient db, long tenantId, long customerId) {
    return db.preparedQuery(OpportunitySql.CUSTOMER)
        .execute(Tuple.of(tenantId, customerId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missingCustomer(customerId);
              }
              return OpportunityRows.customer(rows.iterator().next());
            });
  }

  private static StaleVersion stale(Opportunity current, int expected) {
    return new StaleVersion(
        "商机「"
            + current.name()
            + "」已被他人修改（你的版本 "
            + expected
            + "，当前版本 "
            + current.version()
            + "），请刷新后重试",
        new JsonObject()
            .put("entity", "opportunity")
            .put("id", current.id())
            .put("expectedVersion", expected)
            .put("currentVersion", current.version()));
  }
}
