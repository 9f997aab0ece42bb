package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The stage an opportunity is created in or moved to, share-locked until the transaction ends. */
final class StageLocks {

  private StageLocks() {}

  /**
   * The stage a new opportunity starts in: the named one, which must be active and open, else the
   * first.
   */
  static Future<Stage> startStage(SqlClient tx, long tenantId, Long stageId) {
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
  static Future<Stage> lockStage(SqlClient tx, long tenantId, long stageId) {
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

  static Future<Stage> closingStage(SqlClient tx, long tenantId, StageKind kind) {
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
}
