package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Loads an opportunity and its customer inside the caller's transaction, and the refusals that make
 * one the actor may not see look like a missing id.
 */
final class OpportunityLoads {

  private OpportunityLoads() {}

  /** An opportunity together with its customer, which half of the permission rules look at. */
  record WithCustomer(Opportunity opportunity, Customer customer) {}

  /**
   * An opportunity the actor may not see fails exactly like a missing id, before any rule that
   * names it: a rep learns nothing about a colleague's deals by trying ids.
   */
  static void requireVisible(Access access, WithCustomer pair) {
    if (!OpportunityRules.canRead(access, pair.opportunity(), pair.customer())) {
      throw missing(pair.opportunity().id());
    }
  }

  static NotFound missing(long opportunityId) {
    return new NotFound("没有找到商机 " + opportunityId);
  }

  static NotFound missingCustomer(long customerId) {
    return new NotFound("没有找到客户 " + customerId);
  }

  static void requireLive(WithCustomer pair) {
    if (pair.opportunity().deleted()) {
      throw new NotFound("商机「" + pair.opportunity().name() + "」已删除");
    }
    if (pair.customer().deleted()) {
      throw new NotFound("商机「" + pair.opportunity().name() + "」的客户已删除");
    }
  }

  static Future<WithCustomer> loadWithCustomer(
      SqlClient db, long tenantId, long opportunityId, boolean forUpdate) {
    return load(db, tenantId, opportunityId, forUpdate)
        .compose(o -> loadCustomer(db, tenantId, o.customerId()).map(c -> new WithCustomer(o, c)));
  }

  static Future<Opportunity> load(
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

  static Future<Customer> loadCustomer(SqlClient db, long tenantId, long customerId) {
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
}
