package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tenant's lead assignment rules, in the order they are tried: admins read and replace them.
 */
public final class LeadAssignmentRules {

  static final int MAX_RULES = 50;
  private static final String ADMINS_ONLY = "只有管理员可以设置线索分配规则";

  private static final String LIST =
      """
      SELECT id, kind, match, department_id, enabled FROM lead_assignment_rule
       WHERE tenant_id = $1 ORDER BY position
      """;
  private static final String DEPARTMENTS =
      "SELECT id FROM department WHERE tenant_id = $1 AND id = ANY($2)";
  private static final String DELETE_ALL = "DELETE FROM lead_assignment_rule WHERE tenant_id = $1";
  private static final String INSERT =
      """
      INSERT INTO lead_assignment_rule (tenant_id, position, kind, match, department_id, enabled)
      VALUES ($1, $2, $3, $4, $5, $6)
      """;

  private final Pool pool;

  public LeadAssignmentRules(Pool pool) {
    this.pool = pool;
  }

  /** The rules in the order they are tried; admins only. */
  public Future<List<LeadAssignmentRule>> list(Actor actor) {
    return AccessTransaction.asAdmin(pool, actor, ADMINS_ONLY, tx -> read(tx, actor.tenantId()));
  }

  /**
   * Replaces every rule with {@code rules}, tried in the order given (the round-robin turns start
   * over); admins only, audited as {@code lead_assignment_rule} with the tenant id.
   */
  public Future<List<LeadAssignmentRule>> replace(Actor actor, List<LeadAssignmentRule> rules) {
    List<LeadAssignmentRule> valid = new ArrayList<>();
    try {
      if (rules == null || rules.size() > MAX_RULES) {
        throw InvalidInput.field("rules", "最多 " + MAX_RULES + " 条规则");
      }
      for (LeadAssignmentRule r : rules) {
        valid.add(r.validated());
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    long tenant = actor.tenantId();
    return AccessTransaction.asAdmin(
        pool,
        actor,
        ADMINS_ONLY,
        tx ->
            departmentsExist(tx, tenant, valid)
                .compose(v -> tx.preparedQuery(DELETE_ALL).execute(Tuple.of(tenant)))
                .compose(
                    v -> {
                      if (valid.isEmpty()) {
                        return Future.succeededFuture();
                      }
                      List<Tuple> rows = new ArrayList<>();
                      for (int i = 0; i < valid.size(); i++) {
                        LeadAssignmentRule r = valid.get(i);
                        rows.add(
                            Tuple.of(
                                tenant,
                                i + 1,
                                r.kind().code(),
                                r.match(),
                                r.departmentId(),
                                r.enabled()));
                      }
                      return tx.preparedQuery(INSERT).executeBatch(rows);
                    })
                .compose(
                    v -> {
                      JsonArray json = new JsonArray();
                      valid.forEach(r -> json.add(r.toJson()));
                      return AuditLog.record(
                          tx,
                          actor,
                          "update",
                          "lead_assignment_rule",
                          tenant,
                          new JsonObject().put("rules", json));
                    })
                .compose(v -> read(tx, tenant)));
  }

  private static Future<Void> departmentsExist(
      SqlClient tx, long tenant, List<LeadAssignmentRule> rules) {
    Set<Long> wanted = new HashSet<>();
    rules.forEach(r -> wanted.add(r.departmentId()));
    if (wanted.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(DEPARTMENTS)
        .execute(Tuple.of(tenant, (Object) wanted.toArray(Long[]::new)))
        .compose(
            rows ->
                rows.size() == wanted.size()
                    ? Future.succeededFuture()
                    : Future.failedFuture(InvalidInput.field("departmentId", "部门不存在")));
  }

  static Future<List<LeadAssignmentRule>> read(SqlClient db, long tenant) {
    return db.preparedQuery(LIST)
        .execute(Tuple.of(tenant))
        .map(
            rows -> {
              List<LeadAssignmentRule> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new LeadAssignmentRule(
                        r.getLong("id"),
                        LeadAssignmentRule.Kind.of(r.getString("kind")),
                        r.getString("match"),
                        r.getLong("department_id"),
                        r.getBoolean("enabled")));
              }
              return out;
            });
  }
}
