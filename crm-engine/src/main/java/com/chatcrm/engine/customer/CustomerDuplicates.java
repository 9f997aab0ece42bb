package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.error.Duplicate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** 查重 / 撞单 for customers, and the refusal that names the owner of the one already there. */
final class CustomerDuplicates {

  private CustomerDuplicates() {}

  /** 查重 / 撞单: a live customer with the same normalised name or a shared phone number. */
  static Future<Void> refuse(SqlClient tx, Access access, CustomerFields f, long exceptId) {
    return tx.preparedQuery(CustomerSql.DUPLICATES)
        .execute(
            Tuple.of(
                access.tenantId(), f.nameNorm(), f.phoneNorms().toArray(String[]::new), exceptId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Row row = rows.iterator().next();
              Customer hit = CustomerRows.map(row);
              boolean sameName = row.getBoolean("same_name");
              return Future.failedFuture(duplicate(access, hit, sameName ? "name" : "phone"));
            });
  }

  static Duplicate duplicate(Access access, Customer hit, String matchedOn) {
    boolean visible = CustomerRules.canRead(access, hit);
    String owner = hit.inPool() ? "公海" : hit.ownerName();
    JsonObject details =
        new JsonObject()
            .put("entity", "customer")
            .put("matchedOn", matchedOn)
            .put("visible", visible)
            .put("inPool", hit.inPool())
            .put("ownerName", owner)
            .put("ownerId", hit.ownerId())
            .put("name", visible ? hit.name() : mask(hit.name()));
    if (visible) {
      details.put("customerId", hit.id()).put("phones", new JsonArray(hit.phones()));
    }
    String message =
        hit.inPool()
            ? "客户「" + details.getString("name") + "」已在公海中，可以直接领取"
            : "客户「"
                + details.getString("name")
                + "」已存在，负责人是"
                + owner
                + (visible ? "" : "；如需跟进请联系负责人申请协同");
    return new Duplicate(message, details);
  }

  /** 华为技术有限公司 → 华为****** : enough to recognise, not enough to read. */
  static String mask(String name) {
    return CompanyNames.mask(name);
  }

  static boolean uniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
