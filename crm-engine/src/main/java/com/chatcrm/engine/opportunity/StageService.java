package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A tenant's opportunity stages: any member reads them in order; admins add, rename, re-weight,
 * reorder, deactivate and reactivate them, and delete one nobody ever used. Exactly one won stage
 * and one lost stage stay active, and they always come after the open stages.
 */
public final class StageService {

  static final int MAX_NAME = 30;

  private final Pool pool;
  private final PipelineCache pipelines;

  /** Without a funnel cache to keep fresh (tests, tools). */
  public StageService(Pool pool) {
    this(pool, PipelineCache.none());
  }

  /**
   * @param pipelines the process's funnels, marked stale when stages change
   */
  public StageService(Pool pool, PipelineCache pipelines) {
    this.pool = pool;
    this.pipelines = pipelines;
  }

  /** The active stages in order: the open ones, then 赢单 and 输单. */
  public Future<List<Stage>> list(Actor actor) {
    // read for every chat line: kept with the funnels, which every stage change makes stale
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pipelines.tenantValue(
                    "stages",
                    actor.tenantId(),
                    () -> query(pool, StageSql.ACTIVE, actor.tenantId()).map(List::copyOf)));
  }

  /** Every stage, inactive ones last, for a settings screen. */
  public Future<List<Stage>> listAll(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(access -> query(pool, StageSql.ALL, actor.tenantId()));
  }

  /**
   * Adds an open stage after the last open one. Existing opportunities are not touched; new ones
   * and moves into the stage take its probability.
   */
  public Future<Stage> add(Actor actor, String name, int probability) {
    String n;
    try {
      n = validName(name);
      validProbability(probability);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return asAdmin(
        actor,
        tx ->
            stages -> {
              refuseTakenName(stages, n, 0);
              int position = stages.stream().mapToInt(Stage::position).max().orElse(0) + 1;
              return tx.preparedQuery(StageSql.INSERT)
                  .execute(Tuple.of(actor.tenantId(), n, position, probability))
                  .map(rows -> rows.iterator().next().getLong(0))
                  .compose(
                      id ->
                          AuditLog.record(
                                  tx,
                                  actor,
                                  "create",
                                  "opportunity_stage",
                                  id,
                                  new JsonObject()
                                      .put("name", n)
                                      .put("probability", probability)
                                      .put("kind", "open"))
                              .compose(v -> renumber(tx, actor.tenantId(), null))
                              .map(all -> byId(all, id)));
            });
  }

  public Future<Stage> rename(Actor actor, long stageId, String name) {
    return update(actor, stageId, name, null);
  }

  /**
   * Sets the win probability of an open stage. Opportunities already in it keep theirs (a rep may
   * have adjusted it); the new value applies to those that enter the stage from now on.
   */
  public Future<Stage> setProbability(Actor actor, long stageId, int probability) {
    return update(actor, stageId, null, probability);
  }

  /**
   * Renames a stage and/or sets its win probability (null: left as it is), in one transaction and
   * one audit row. 赢单 and 输单 may be renamed, but their probability (100%, 0%) stays; a new
   * probability applies to opportunities entering the stage from now on (see {@link
   * #setProbability}).
   */
  public Future<Stage> update(Actor actor, long stageId, String name, Integer probability) {
    String n;
    try {
      if (name == null && probability == null) {
        throw InvalidInput.field("name", "请填写新的阶段名称或赢率");
      }
      n = name == null ? null : validName(name);
      if (probability != null) {
        validProbability(probability);
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return asAdmin(
        actor,
        tx ->
            stages -> {
              Stage current = byId(stages, stageId);
              JsonObject diff = new JsonObject();
              if (n != null && !current.name().equals(n)) {
                refuseTakenName(stages, n, stageId);
                diff.put("name", AuditLog.change(current.name(), n));
              }
              if (probability != null && current.probability() != probability) {
                if (!current.open()) {
                  throw InvalidInput.field(
                      "probability",
                      "「" + current.name() + "」的赢率固定为 " + current.probability() + "%，不能修改");
                }
                diff.put("probability", AuditLog.change(current.probability(), probability));
              }
              if (diff.isEmpty()) {
                return Future.succeededFuture(current);
              }
              return tx.preparedQuery(StageSql.UPDATE)
                  .execute(
                      Tuple.of(
                          actor.tenantId(),
                          stageId,
                          n == null ? current.name() : n,
                          probability == null ? current.probability() : probability))
                  .compose(
                      v -> AuditLog.record(tx, actor, "update", "opportunity_stage", stageId, diff))
                  .compose(v -> query(tx, StageSql.ALL, actor.tenantId()))
                  .map(all -> byId(all, stageId));
            });
  }

  /**
   * Puts the active open stages in the given order; 赢单 and 输单 stay last. The list must name every
   * active open stage exactly once.
   */
  public Future<List<Stage>> reorder(Actor actor, List<Long> openStageIds) {
    if (openStageIds == null || openStageIds.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("stageIds", "请按新的顺序列出所有进行中的阶段"));
    }
    return asAdmin(
        actor,
        tx ->
            stages -> {
              List<Long> expected =
                  stages.stream().filter(s -> s.active() && s.open()).map(Stage::id).toList();
              if (openStageIds.size() != expected.size()
                  || !new HashSet<>(openStageIds).equals(new HashSet<>(expected))) {
                return Future.failedFuture(
                    InvalidInput.field(
                        "stageIds",
                        "阶段列表已变化，请刷新后再调整顺序（需按新顺序列出全部 " + expected.size() + " 个进行中的阶段，每个一次）"));
              }
              Map<Long, Integer> before =
                  stages.stream().collect(Collectors.toMap(Stage::id, Stage::position));
              return renumber(tx, actor.tenantId(), openStageIds)
                  .compose(
                      after -> {
                        Future<Void> audits = Future.succeededFuture();
                        for (Stage s : after) {
                          if (before.get(s.id()) != s.position()) {
                            audits =
                                audits.compose(
                                    v ->
                                        AuditLog.record(
                                            tx,
                                            actor,
                                            "reorder",
                                            "opportunity_stage",
                                            s.id(),
                                            new JsonObject()
                                                .put(
                                                    "position",
                                                    AuditLog.change(
                                                        before.get(s.id()), s.position()))));
                          }
                        }
                        return audits.map(v -> after.stream().filter(Stage::active).toList());
                      });
            });
  }

  /**
   * Takes a stage out of use. Refused for 赢单 and 输单, for the last open stage, and while live
   * opportunities sit in it (they would vanish from the pipeline): move them first.
   */
  public Future<Stage> deactivate(Actor actor, long stageId) {
    return asAdmin(
        actor,
        tx ->
            stages -> {
              Stage current = byId(stages, stageId);
              if (!current.active()) {
                return Future.succeededFuture(current);
              }
              if (!current.open()) {
                return Future.failedFuture(
                    new Conflict("「" + current.name() + "」阶段不能停用：必须保留一个赢单阶段和一个输单阶段"));
              }
              if (stages.stream().filter(s -> s.active() && s.open()).count() == 1) {
                return Future.failedFuture(
                    new Conflict("「" + current.name() + "」是最后一个进行中的阶段，不能停用"));
              }
              return liveOpportunities(tx, actor, stageId)
                  .compose(
                      count ->
                          count > 0
                              ? Future.failedFuture(holding(current, count, "不能停用"))
                              : setActive(tx, actor, current, false));
            });
  }

  /** Brings an inactive stage back, after the last open stage. */
  public Future<Stage> activate(Actor actor, long stageId) {
    return asAdmin(
        actor,
        tx ->
            stages -> {
              Stage current = byId(stages, stageId);
              if (current.active()) {
                return Future.succeededFuture(current);
              }
              boolean kindTaken =
                  !current.open()
                      && stages.stream().anyMatch(s -> s.active() && s.kind() == current.kind());
              if (kindTaken) {
                return Future.failedFuture(
                    new Conflict(
                        "已有启用中的" + (current.kind() == StageKind.WON ? "赢单" : "输单") + "阶段"));
              }
              return setActive(tx, actor, current, true);
            });
  }

  /** Deletes a stage that no opportunity ever used; a used one can only be deactivated. */
  public Future<Void> delete(Actor actor, long stageId) {
    return removable(
        actor,
        stageId,
        (tx, current) ->
            inUse(tx, actor, stageId)
                .compose(
                    used ->
                        used
                            ? Future.failedFuture(
                                new Conflict("「" + current.name() + "」阶段已被商机使用过，不能删除，可以停用"))
                            : deleteUnused(tx, actor, current)));
  }

  /** What {@link #remove} did with the stage. */
  public enum Removal {
    /** No opportunity ever used it: it is gone. */
    DELETED,
    /** Past opportunities name it: it is out of use (and can be brought back by activating it). */
    DEACTIVATED
  }

  /**
   * Takes an open stage out of the company's sales process, as the settings page's 删除 does: it is
   * deleted when no opportunity ever used it, else deactivated, so the history of past
   * opportunities still names it. Refused, with how many, while opportunities sit in it; refused
   * for 赢单 and 输单 (they can be renamed, never removed) and for the last open stage.
   */
  public Future<Removal> remove(Actor actor, long stageId) {
    return removable(
        actor,
        stageId,
        (tx, current) ->
            liveOpportunities(tx, actor, stageId)
                .compose(
                    count ->
                        count > 0
                            ? Future.failedFuture(holding(current, count, "不能删除"))
                            : inUse(tx, actor, stageId))
                .compose(
                    used -> {
                      if (!used) {
                        return deleteUnused(tx, actor, current).map(Removal.DELETED);
                      }
                      return (current.active()
                              ? setActive(tx, actor, current, false).mapEmpty()
                              : Future.<Void>succeededFuture())
                          .map(Removal.DEACTIVATED);
                    }));
  }

  /** {@code work} on the stage, as an admin, unless the stage may not be removed at all. */
  private <T> Future<T> removable(
      Actor actor, long stageId, BiFunction<SqlClient, Stage, Future<T>> work) {
    return asAdmin(
        actor,
        tx ->
            stages -> {
              Stage current = byId(stages, stageId);
              Conflict refused = refusedRemoval(stages, current);
              return refused != null ? Future.failedFuture(refused) : work.apply(tx, current);
            });
  }

  /** Why {@code current} may not be removed whatever its opportunities, or null. */
  private static Conflict refusedRemoval(List<Stage> stages, Stage current) {
    if (current.active() && !current.open()) {
      return new Conflict(
          "「" + current.name() + "」阶段不能删除：必须保留一个赢单阶段和一个输单阶段（可以改名）",
          new JsonObject().put("stageId", current.id()).put("kind", current.kind().code()));
    }
    if (current.active() && stages.stream().filter(s -> s.active() && s.open()).count() == 1) {
      return new Conflict("「" + current.name() + "」是最后一个进行中的阶段，不能删除");
    }
    return null;
  }

  /** The refusal to take a stage out of use while opportunities sit in it, saying how many. */
  private static Conflict holding(Stage current, long count, String what) {
    return new Conflict(
        "「" + current.name() + "」阶段还有 " + count + " 个商机，" + what + "：请先把它们移到其他阶段",
        new JsonObject().put("stageId", current.id()).put("opportunities", count));
  }

  private static Future<Long> liveOpportunities(SqlClient tx, Actor actor, long stageId) {
    return tx.preparedQuery(StageSql.LIVE_OPPORTUNITIES_IN)
        .execute(Tuple.of(actor.tenantId(), stageId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Boolean> inUse(SqlClient tx, Actor actor, long stageId) {
    return tx.preparedQuery(StageSql.IN_USE)
        .execute(Tuple.of(actor.tenantId(), stageId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  private static Future<Void> deleteUnused(SqlClient tx, Actor actor, Stage current) {
    return tx.preparedQuery(StageSql.DELETE)
        .execute(Tuple.of(actor.tenantId(), current.id()))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    "delete",
                    "opportunity_stage",
                    current.id(),
                    new JsonObject().put("name", current.name())))
        .compose(v -> renumber(tx, actor.tenantId(), null))
        .mapEmpty();
  }

  // ------------------------------------------------------------------------------------------

  private Future<Stage> setActive(SqlClient tx, Actor actor, Stage current, boolean active) {
    return tx.preparedQuery(StageSql.SET_ACTIVE)
        .execute(Tuple.of(actor.tenantId(), current.id(), active))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    active ? "activate" : "deactivate",
                    "opportunity_stage",
                    current.id(),
                    new JsonObject().put("active", AuditLog.change(!active, active))))
        .compose(v -> renumber(tx, actor.tenantId(), null))
        .map(all -> byId(all, current.id()));
  }

  /**
   * Gives positions 1..n: the active open stages (in {@code openOrder}, or as they were), then the
   * active won and lost stages, then the inactive ones. Returns the stages afterwards.
   */
  private static Future<List<Stage>> renumber(SqlClient tx, long tenantId, List<Long> openOrder) {
    return query(tx, StageSql.ALL, tenantId)
        .compose(
            stages -> {
              List<Stage> ordered = new ArrayList<>();
              if (openOrder != null) {
                openOrder.forEach(id -> ordered.add(byId(stages, id)));
              } else {
                stages.stream().filter(s -> s.active() && s.open()).forEach(ordered::add);
              }
              stages.stream()
                  .filter(s -> s.active() && s.kind() == StageKind.WON)
                  .forEach(ordered::add);
              stages.stream()
                  .filter(s -> s.active() && s.kind() == StageKind.LOST)
                  .forEach(ordered::add);
              stages.stream().filter(s -> !s.active()).forEach(ordered::add);
              List<Long> ids = ordered.stream().map(Stage::id).toList();
              if (ids.equals(stages.stream().map(Stage::id).toList())
                  && stages.stream()
                      .map(Stage::position)
                      .toList()
                      .equals(positions(stages.size()))) {
                return Future.succeededFuture(stages);
              }
              return tx.preparedQuery(StageSql.RENUMBER_TO_NEGATIVE)
                  // cast: a lone array argument would be taken as the varargs of Tuple.of
                  .execute(Tuple.of(tenantId, (Object) ids.toArray(Long[]::new)))
                  .compose(
                      v ->
                          tx.preparedQuery(StageSql.RENUMBER_TO_POSITIVE)
                              .execute(Tuple.of(tenantId)))
                  .compose(v -> query(tx, StageSql.ALL, tenantId));
            });
  }

  private static List<Integer> positions(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }

  private <T> Future<T> asAdmin(
      Actor actor, Function<SqlClient, Function<List<Stage>, Future<T>>> work) {
    // stages, their probabilities and their order are the funnel's lines: cached funnels go stale
    return AccessTransaction.asAdmin(
            pool,
            actor,
            "只有管理员可以修改商机阶段",
            tx ->
                query(tx, StageSql.LOCK_ALL, actor.tenantId())
                    .compose(
                        stages -> {
                          try {
                            return work.apply(tx).apply(stages);
                          } catch (NotFound | InvalidInput | Duplicate e) {
                            return Future.failedFuture(e);
                          }
                        })
                    .compose(result -> PipelineCache.announce(tx, actor.tenantId()).map(result)))
        .onSuccess(result -> pipelines.changed(actor.tenantId()));
  }

  static Future<List<Stage>> query(SqlClient db, String sql, long tenantId) {
    return db.preparedQuery(sql)
        .execute(Tuple.of(tenantId))
        .map(
            rows -> {
              List<Stage> out = new ArrayList<>();
              rows.forEach(r -> out.add(OpportunityRows.stage(r)));
              out.sort(Comparator.comparingInt(Stage::position));
              return out;
            });
  }

  private static Stage byId(List<Stage> stages, long stageId) {
    return stages.stream()
        .filter(s -> s.id() == stageId)
        .findFirst()
        .orElseThrow(() -> new NotFound("没有这个商机阶段（" + stageId + "），可能已被删除"));
  }

  private static void refuseTakenName(List<Stage> stages, String name, long exceptId) {
    stages.stream()
        .filter(s -> s.id() != exceptId && s.name().equals(name))
        .findFirst()
        .ifPresent(
            s -> {
              throw new Duplicate(
                  "阶段「" + name + "」已存在" + (s.active() ? "" : "（已停用，可以重新启用）"),
                  new JsonObject()
                      .put("entity", "opportunity_stage")
                      .put("stageId", s.id())
                      .put("active", s.active()));
            });
  }

  static String validName(String name) {
    String n = ControlCharacters.refuseInLine("name", name) == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw InvalidInput.field("name", "阶段名称不能为空");
    }
    if (n.length() > MAX_NAME) {
      throw InvalidInput.field("name", "阶段名称不能超过 " + MAX_NAME + " 个字");
    }
    return n;
  }

  static void validProbability(int probability) {
    if (probability < 0 || probability > 100) {
      throw InvalidInput.field("probability", "赢率必须在 0 到 100 之间");
    }
  }
}
