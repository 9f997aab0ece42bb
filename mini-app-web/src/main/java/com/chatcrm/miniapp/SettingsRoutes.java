package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.pool.PoolRuleService;
import com.chatcrm.engine.pool.PoolRules;
import com.chatcrm.engine.settings.AdminRoles;
import com.chatcrm.engine.settings.ReportTimes;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The 设置 page's company settings: the 公海 rule, the 日报/周报 times and who is an admin. Admins only:
 * the engine refuses anyone else with {@code forbidden}, reads included. Changes name only the
 * fields the admin changed, so two admins at once keep each other's changes (last write wins per
 * field, as the engine's settings do).
 */
final class SettingsRoutes {

  /** The rule's reclaim fields by customer level, as the contract names them. */
  private static final Map<String, CustomerLevel> RECLAIM_FIELDS =
      Map.of(
          "reclaimDaysPotential", CustomerLevel.POTENTIAL,
          "reclaimDaysIntent", CustomerLevel.INTENT,
          "reclaimDaysDeal", CustomerLevel.DEAL,
          "reclaimDaysLost", CustomerLevel.LOST);

  private final PoolRuleService poolRules;
  private final AdminRoles admins;
  private final ReportTimes reportTimes;
  private final TenantService tenants;

  SettingsRoutes(Engine engine) {
    this.poolRules = engine.poolRules();
    this.admins = engine.adminRoles();
    this.reportTimes = engine.reportTimes();
    this.tenants = engine.tenants();
  }

  void addTo(Operations operations) {
    operations.on(
        "getPoolRule",
        200,
        c ->
            admins
                .requireAdmin(c.actor())
                .compose(v -> poolRules.rules(c.actor()))
                .map(SettingsRoutes::poolRule));
    operations.on(
        "updatePoolRule",
        200,
        c -> poolRules.change(c.actor(), poolRuleChange(c)).map(SettingsRoutes::poolRule));
    operations.on("getReportTimes", 200, c -> withZone(c, reportTimes.get(c.actor())));
    operations.on(
        "updateReportTimes", 200, c -> withZone(c, reportTimes.update(c.actor(), timeChanges(c))));
    operations.on(
        "listAdmins",
        200,
        c ->
            admins
                .members(c.actor())
                .map(l -> new JsonObject().put("items", members(l, c.actor().userId()))));
    operations.on(
        "grantAdmin",
        200,
        c -> admins.grant(c.actor(), c.id()).map(m -> member(m, c.actor().userId())));
    operations.on(
        "revokeAdmin",
        200,
        c -> admins.revoke(c.actor(), c.id()).map(m -> member(m, c.actor().userId())));
  }

  /** The body's fields as a change of the rule, read before the engine's transaction starts. */
  private static UnaryOperator<PoolRules> poolRuleChange(Call c) {
    JsonObject b = c.body();
    List<UnaryOperator<PoolRules>> steps = new ArrayList<>();
    RECLAIM_FIELDS.forEach(
        (field, level) -> {
          if (b.containsKey(field)) {
            Integer days = c.bodyInt(field);
            steps.add(r -> r.withReclaimDays(level, days));
          }
        });
    if (b.containsKey("warnDaysBefore")) {
      Integer days = c.bodyInt("warnDaysBefore");
      if (days == null) {
        throw InvalidInput.field("warnDaysBefore", "请填写提前提醒天数（0 表示不提前提醒）");
      }
      steps.add(r -> r.withWarnDaysBefore(days));
    }
    if (b.containsKey("maxPrivate")) {
      Integer max = c.bodyInt("maxPrivate");
      steps.add(r -> r.withMaxPrivate(max));
    }
    if (b.containsKey("maxClaimsPerDay")) {
      Integer max = c.bodyInt("maxClaimsPerDay");
      steps.add(r -> r.withMaxClaimsPerDay(max));
    }
    return rules -> {
      PoolRules out = rules;
      for (UnaryOperator<PoolRules> step : steps) {
        out = step.apply(out);
      }
      return out;
    };
  }

  static JsonObject poolRule(PoolRules r) {
    return new JsonObject()
        .put("reclaimDaysPotential", r.reclaimDaysPotential())
        .put("reclaimDaysIntent", r.reclaimDaysIntent())
        .put("reclaimDaysDeal", r.reclaimDaysDeal())
        .put("reclaimDaysLost", r.reclaimDaysLost())
        .put("warnDaysBefore", r.warnDaysBefore())
        .put("maxPrivate", r.maxPrivate())
        .put("maxClaimsPerDay", r.maxClaimsPerDay());
  }

  /** The times the body names; a null value goes back to the configured time. */
  private static Map<String, String> timeChanges(Call c) {
    Map<String, String> changes = new HashMap<>();
    c.body().forEach(e -> changes.put(e.getKey(), (String) e.getValue()));
    return changes;
  }

  /** The times with the company's zone, which the page shows beside them. */
  private Future<Object> withZone(Call c, Future<ReportTimes.Times> times) {
    return times.compose(
        t ->
            tenants
                .get(c.actor().tenantId())
                .map(
                    tenant ->
                        new JsonObject()
                            .put(ReportTimes.DAILY, hhmm(t.dailyAt()))
                            .put(ReportTimes.WEEKLY, hhmm(t.weeklyAt()))
                            .put(
                                "timeZone",
                                tenant.timeZone() == null
                                    ? "Asia/Shanghai"
                                    : tenant.timeZone().getId())));
  }

  private static String hhmm(LocalTime t) {
    return t == null ? null : String.format("%02d:%02d", t.getHour(), t.getMinute());
  }

  private static JsonArray members(List<AdminRoles.Member> members, long self) {
    JsonArray out = new JsonArray();
    members.forEach(m -> out.add(member(m, self)));
    return out;
  }

  private static JsonObject member(AdminRoles.Member m, long self) {
    return new JsonObject()
        .put("id", m.id())
        .put("name", m.name())
        .put("departments", new JsonArray(m.departments()))
        .put("admin", m.admin())
        .put("setInApp", m.setInApp())
        .put("self", m.id() == self);
  }
}
