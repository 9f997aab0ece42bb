package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a contract with its instalments inside the caller's transaction; one the actor may not see
 * fails exactly like a missing id.
 */
final class ContractLoads {

  private ContractLoads() {}

  static NotFound missing(long contractId) {
    return new NotFound("没有找到合同 " + contractId);
  }

  static Future<Contract> visible(SqlClient db, Access access, long contractId, boolean lock) {
    long tenant = access.tenantId();
    Future<?> locked =
        lock
            ? db.preparedQuery(ContractSql.LOCK).execute(Tuple.of(tenant, contractId))
            : Future.succeededFuture();
    return locked
        .compose(v -> db.preparedQuery(ContractSql.BY_ID).execute(Tuple.of(tenant, contractId)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(missing(contractId));
              }
              Contract k = ContractRows.contract(rows.iterator().next());
              return CustomerService.load(db, tenant, k.customerId(), false)
                  .compose(
                      customer ->
                          ContractRules.canRead(access, k.ownerId(), customer)
                              ? withInstalments(db, tenant, k)
                              : Future.failedFuture(missing(contractId)));
            });
  }

  static Future<Contract> withInstalments(SqlClient db, long tenant, Contract k) {
    return db.preparedQuery(ContractSql.INSTALMENTS)
        .execute(Tuple.of(tenant, k.id()))
        .map(rows -> k.withInstalments(ContractRows.instalments(rows)));
  }

  /** Several contracts with their instalments, in one query, in the order given. */
  static Future<List<Contract>> withInstalments(SqlClient db, long tenant, List<Contract> ks) {
    if (ks.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(ContractSql.INSTALMENTS_OF)
        .execute(
            Tuple.tuple()
                .addLong(tenant)
                .addArrayOfLong(ks.stream().map(Contract::id).toArray(Long[]::new)))
        .map(
            rows -> {
              Map<Long, List<Instalment>> byContract = new HashMap<>();
              for (Row r : rows) {
                byContract
                    .computeIfAbsent(r.getLong("contract_id"), x -> new ArrayList<>())
                    .add(ContractRows.instalment(r));
              }
              return ks.stream()
                  .map(k -> k.withInstalments(byContract.getOrDefault(k.id(), List.of())))
                  .toList();
            });
  }

  static boolean readable(Access access, Contract k, Customer customer) {
    return ContractRules.canRead(access, k.ownerId(), customer);
  }
}
