package com.chatcrm.engine.org;

import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Whom a record may be handed to: an active member of the same company. */
public final class ActiveColleague {

  private static final String FIND =
      "SELECT 1 FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active";

  private ActiveColleague() {}

  /** Fails with invalid {@code field}, said in words, unless {@code userId} is an active member. */
  public static Future<Void> require(SqlClient tx, long tenantId, long userId, String field) {
    return tx.preparedQuery(FIND)
        .execute(Tuple.of(tenantId, userId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(
                        InvalidInput.field(field, "公司里没有这位在职同事（id " + userId + "）"))
                    : Future.succeededFuture());
  }
}
