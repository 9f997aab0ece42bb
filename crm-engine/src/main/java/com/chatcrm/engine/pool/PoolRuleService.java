package com.chatcrm.engine.pool;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/** Reads a tenant's pool rule (any member) and changes it (admins only, audited). */
public final class PoolRuleService {

  private final Pool pool;

  public PoolRuleService(Pool pool) {
    this.pool = pool;
  }

  /** The rule of the actor's tenant; {@link PoolRules#NONE} when it has none. */
  public Future<PoolRules> rules(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(access -> calendar(pool, actor.tenantId()))
        .map(PoolCalendar::rules);
  }

  /**
   * Replaces the rule with {@code rules}, after checking it makes sense; only an admin may. The
   * audit row has entity type {@code pool_rule} and the tenant id as entity id.
   */
  public Future<PoolRules> update(Actor actor, PoolRules rules) {
    if (rules == null) {
      return Future.failedFuture(new InvalidInput("rules: required"));
    }
    try {
      rules.validate();
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return change(actor, current -> rules);
  }

  /**
   * Applies {@code change} to the rule as it is now (read locked), checks the outcome and stores
   * it; only an admin may. For a settings page that sends only the fields its admin changed: two
   * admins changing different fields at once do not undo each other.
   */
  public Future<PoolRules> change(Actor actor, UnaryOperator<PoolRules> change) {
    return AccessTransaction.asAdmin(
        pool,
        actor,
        "只有管理员可以修改公海规则",
        tx ->
            tx.preparedQuery(PoolSql.RULE_FOR_UPDATE)
                .execute(Tuple.of(actor.tenantId()))
                .compose(
                    rows -> {
                      PoolRules before =
                          rows.size() == 0 ? PoolRules.NONE : rules(rows.iterator().next());
                      PoolRules rules;
                      try {
                        rules = change.apply(before).validate();
                      } catch (InvalidInput e) {
                        return Future.failedFuture(e);
                      }
                      JsonObject diff = FieldChanges.between(before.toJson(), rules.toJson());
                      if (diff.isEmpty()) {
                        return Future.succeededFuture(rules);
                      }
                      return tx.preparedQuery(PoolSql.UPSERT_RULE)
                          .execute(
                              Tuple.from(
                                  new Object[] {
                                    actor.tenantId(),
                                    rules.reclaimDaysPotential(),
                                    rules.reclaimDaysIntent(),
                                    rules.reclaimDaysDeal(),
                                    rules.reclaimDaysLost(),
                                    rules.warnDaysBefore(),
                                    rules.maxPrivate(),
                                    rules.maxClaimsPerDay()
                                  }))
                          .compose(
                              r ->
                                  AuditLog.record(
                                      tx, actor, "update", "pool_rule", actor.tenantId(), diff))
                          .map(rules);
                    }));
  }

  /** The tenant's rule and time zone, read with the caller's connection or transaction. */
  static Future<PoolCalendar> calendar(SqlClient db, long tenantId) {
    return db.preparedQuery(PoolSql.CALENDAR)
        .execute(Tuple.of(tenantId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no tenant " + tenantId);
              }
              Row r = rows.iterator().next();
              PoolRules rules = r.getValue("rule_tenant") == null ? PoolRules.NONE : rules(r);
              return new PoolCalendar(rules, ZoneId.of(r.getString("time_zone")));
            });
  }

  private static PoolRules rules(Row r) {
    return new PoolRules(
        r.getInteger("reclaim_days_potential"),
        r.getInteger("reclaim_days_intent"),
        r.getInteger("reclaim_days_deal"),
        r.getInteger("reclaim_days_lost"),
        r.getInteger("warn_days_before"),
        r.getInteger("max_private"),
        r.getInteger("max_claims_per_day"));
  }
}
