package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.lead.LeadAssignmentRule;
import com.chatcrm.engine.lead.LeadAssignmentRules;
import com.chatcrm.engine.lead.LeadCapture;
import com.chatcrm.engine.lead.LeadConversion;
import com.chatcrm.engine.lead.LeadFilter;
import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.LeadStatus;
import com.chatcrm.engine.lead.NewLead;
import com.chatcrm.engine.org.OrgQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 线索 in the mini-app: the lists (我的 / 团队 / 线索池), capturing one (查重 first: 409 with what it matched,
 * unless {@code force}), its detail and what can be done with it (已联系, 无效, 恢复, 领取, 退回, 分配, 转客户),
 * and the admins' 分配规则.
 */
final class LeadRoutes {

  private final LeadService leads;
  private final LeadAssignmentRules rules;
  private final OrgQueries org;

  LeadRoutes(Engine engine) {
    this.leads = engine.leads();
    this.rules = engine.leadRules();
    this.org = engine.orgQueries();
  }

  void addTo(Operations operations) {
    operations.on("listLeads", 200, this::list);
    operations.on("captureLead", 201, this::capture);
    operations.on("getLead", 200, c -> leads.get(c.actor(), c.id()).map(LeadViews::lead));
    operations.on(
        "leadContacted", 200, c -> leads.markContacted(c.actor(), c.id()).map(LeadViews::lead));
    operations.on(
        "invalidateLead",
        200,
        c ->
            leads.invalidate(c.actor(), c.id(), c.body().getString("reason")).map(LeadViews::lead));
    operations.on("reopenLead", 200, c -> leads.reopen(c.actor(), c.id()).map(LeadViews::lead));
    operations.on("claimLead", 200, c -> leads.claim(c.actor(), c.id()).map(LeadViews::lead));
    operations.on("releaseLead", 200, c -> leads.release(c.actor(), c.id()).map(LeadViews::lead));
    operations.on(
        "assignLead",
        200,
        c -> leads.assign(c.actor(), c.id(), c.bodyLong("userId")).map(LeadViews::lead));
    operations.on("convertLead", 200, this::convert);
    operations.on("getLeadAssignmentRules", 200, c -> rulesView(c, rules.list(c.actor())));
    operations.on("putLeadAssignmentRules", 200, this::putRules);
  }

  private Future<Object> list(Call c) {
    String status = c.query("status");
    LeadFilter filter =
        new LeadFilter(
            LeadFilter.Scope.of(c.query("scope") == null ? "mine" : c.query("scope")),
            status == null ? null : LeadStatus.of(status),
            c.query("q"),
            c.queryLong("cursor"),
            c.queryInt("limit", LeadFilter.DEFAULT_LIMIT));
    return leads
        .list(c.actor(), filter)
        .map(p -> Views.page(Views.all(p.items(), LeadViews::lead), p.nextCursor()));
  }

  private Future<Object> capture(Call c) {
    JsonObject b = c.body();
    NewLead input =
        new NewLead(
            b.getString("company"),
            b.getString("contactName"),
            Call.strings(b, "phones"),
            LeadSource.MINI_APP,
            b.getString("region"),
            b.getString("industry"),
            b.getString("note"),
            null);
    return leads
        .capture(c.actor(), input, b.getBoolean("force", false))
        .map(
            capture -> {
              if (capture.lead() == null) {
                throw duplicates(capture);
              }
              return LeadViews.lead(capture.lead())
                  .put("created", capture.created())
                  .put("duplicates", Views.all(capture.duplicates(), LeadViews::duplicate));
            });
  }

  /** 409: the capture matched live leads or customers; the page offers 仍然添加 (force). */
  private static Duplicate duplicates(LeadCapture capture) {
    JsonArray found = Views.all(capture.duplicates(), LeadViews::duplicate);
    String first =
        capture.duplicates().stream()
            .filter(d -> d.visible())
            .findFirst()
            .map(
                d ->
                    ("lead".equals(d.kind()) ? "线索" : "客户")
                        + "「"
                        + d.name()
                        + "」"
                        + (d.ownerName() == null ? "" : "（" + d.ownerName() + "）"))
            .orElse("相同公司名称或电话的线索或客户");
    return new Duplicate(
        "已有" + first + "，确认不是同一家再「仍然添加」", new JsonObject().put("duplicates", found));
  }

  private Future<Object> convert(Call c) {
    JsonObject b = c.body();
    LeadConversion input =
        new LeadConversion(
            b.getBoolean("withOpportunity", false),
            b.getString("opportunityName"),
            c.bodyMoney("amount"));
    return leads.convert(c.actor(), c.id(), input).map(LeadViews::converted);
  }

  private Future<Object> putRules(Call c) {
    JsonArray items = c.body().getJsonArray("rules", new JsonArray());
    List<LeadAssignmentRule> wanted = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject r = items.getJsonObject(i);
      LeadAssignmentRule.Kind kind = LeadAssignmentRule.Kind.of(r.getString("kind"));
      if (kind == null) {
        throw InvalidInput.field("kind", "第 " + (i + 1) + " 条：分配方式应为 轮流分配、按地区 或 按行业");
      }
      wanted.add(
          new LeadAssignmentRule(
              0,
              kind,
              r.getString("match"),
              r.getLong("departmentId"),
              r.getBoolean("enabled", true)));
    }
    return rulesView(c, rules.replace(c.actor(), wanted));
  }

  /** The rules with their departments' names, and every department to pick from. */
  private Future<Object> rulesView(Call c, Future<List<LeadAssignmentRule>> found) {
    return found.compose(
        list ->
            org.departments(c.actor())
                .map(
                    departments -> {
                      Map<Long, String> names = new HashMap<>();
                      departments.forEach(d -> names.put(d.id(), d.name()));
                      return new JsonObject()
                          .put("items", Views.all(list, r -> LeadViews.rule(r, names)))
                          .put("departments", Views.all(departments, LeadViews::department));
                    }));
  }
}
