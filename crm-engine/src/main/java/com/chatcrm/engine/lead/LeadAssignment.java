package com.chatcrm.engine.lead;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who gets a lead nobody captured by hand: the first enabled rule (in position order) that matches
 * the lead's region or industry, or a round robin, gives it to the next active member of its
 * department after the one it last picked; no rule, or no active member, leaves it in the 线索池.
 */
final class LeadAssignment {

  /** The rule's row is locked first: two captures at once read the cursor one after the other. */
  private static final String LOCK_RULE =
      """
      SELECT last_assigned_user_id FROM lead_assignment_rule
       WHERE tenant_id = $1 AND id = $2 AND enabled FOR UPDATE
      """;

  /** Active members of the department, in a stable order. */
  private static final String MEMBERS =
      """
      SELECT u.id FROM user_department ud
        JOIN crm_user u ON u.tenant_id = ud.tenant_id AND u.id = ud.user_id
       WHERE ud.tenant_id = $1 AND ud.department_id = $2 AND u.active
       ORDER BY u.id
      """;

  private static final String ADVANCE =
      """
      UPDATE lead_assignment_rule SET last_assigned_user_id = $3, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
      """;

  /** The picked owner and the rule that picked them; both null for the 线索池. */
  record Pick(Long ownerId, Long ruleId) {
    static final Pick POOL = new Pick(null, null);
  }

  private LeadAssignment() {}

  static Future<Pick> pick(SqlClient tx, long tenantId, String region, String industry) {
    return LeadAssignmentRules.read(tx, tenantId)
        .compose(
            rules -> {
              List<LeadAssignmentRule> matching = new ArrayList<>();
              for (LeadAssignmentRule r : rules) {
                if (r.enabled() && r.matches(region, industry)) {
                  matching.add(r);
                }
              }
              return tryRules(tx, tenantId, matching, 0);
            });
  }

  private static Future<Pick> tryRules(
      SqlClient tx, long tenantId, List<LeadAssignmentRule> rules, int i) {
    if (i >= rules.size()) {
      return Future.succeededFuture(Pick.POOL);
    }
    LeadAssignmentRule rule = rules.get(i);
    return tx.preparedQuery(LOCK_RULE)
        .execute(Tuple.of(tenantId, rule.id()))
        .compose(
            locked -> {
              if (locked.size() == 0) {
                // replaced or disabled meanwhile
                return tryRules(tx, tenantId, rules, i + 1);
              }
              Long last = locked.iterator().next().getLong(0);
              return tx.preparedQuery(MEMBERS)
                  .execute(Tuple.of(tenantId, rule.departmentId()))
                  .compose(
                      rows -> {
                        List<Long> members = new ArrayList<>();
                        for (Row r : rows) {
                          members.add(r.getLong(0));
                        }
                        if (members.isEmpty()) {
                          return tryRules(tx, tenantId, rules, i + 1);
                        }
                        long next = next(members, last);
                        return tx.preparedQuery(ADVANCE)
                            .execute(Tuple.of(tenantId, rule.id(), next))
                            .map(v -> new Pick(next, rule.id()));
                      });
            });
  }

  /**
   * Picks for many leads in one transaction (an import's batch), as many {@link #pick} calls one
   * after the other would: the rules are read once, each rule's row is locked and its members read
   * the first time it is tried, its cursor kept here and written once by {@link #finish}.
   */
  static final class Batch {
    private final SqlClient tx;
    private final long tenantId;
    private final List<LeadAssignmentRule> rules;

    /** Per rule tried: its active members (empty: skipped) and the last one picked. */
    private final Map<Long, List<Long>> members = new HashMap<>();

    private final Map<Long, Long> last = new HashMap<>();
    private final Map<Long, Long> moved = new HashMap<>();

    private Batch(SqlClient tx, long tenantId, List<LeadAssignmentRule> rules) {
      this.tx = tx;
      this.tenantId = tenantId;
      this.rules = rules;
    }

    static Future<Batch> start(SqlClient tx, long tenantId) {
      return LeadAssignmentRules.read(tx, tenantId)
          .map(
              all ->
                  new Batch(
                      tx, tenantId, all.stream().filter(LeadAssignmentRule::enabled).toList()));
    }

    Future<Pick> pick(String region, String industry) {
      return next(region, industry, 0);
    }

    private Future<Pick> next(String region, String industry, int i) {
      if (i >= rules.size()) {
        return Future.succeededFuture(Pick.POOL);
      }
      LeadAssignmentRule rule = rules.get(i);
      if (!rule.matches(region, industry)) {
        return next(region, industry, i + 1);
      }
      return load(rule)
          .compose(
              team -> {
                if (team.isEmpty()) {
                  return next(region, industry, i + 1);
                }
                long picked = LeadAssignment.next(team, last.get(rule.id()));
                last.put(rule.id(), picked);
                moved.put(rule.id(), picked);
                return Future.succeededFuture(new Pick(picked, rule.id()));
              });
    }

    private Future<List<Long>> load(LeadAssignmentRule rule) {
      List<Long> known = members.get(rule.id());
      if (known != null) {
        return Future.succeededFuture(known);
      }
      return tx.preparedQuery(LOCK_RULE)
          .execute(Tuple.of(tenantId, rule.id()))
          .compose(
              locked -> {
                if (locked.size() == 0) {
                  // replaced or disabled meanwhile
                  members.put(rule.id(), List.of());
                  return Future.succeededFuture(List.<Long>of());
                }
                last.put(rule.id(), locked.iterator().next().getLong(0));
                return tx.preparedQuery(MEMBERS)
                    .execute(Tuple.of(tenantId, rule.departmentId()))
                    .map(
                        rows -> {
                          List<Long> team = new ArrayList<>();
                          for (Row r : rows) {
                            team.add(r.getLong(0));
                          }
                          members.put(rule.id(), team);
                          return team;
                        });
              });
    }

    /** Writes the cursors of the rules that picked someone. */
    Future<Void> finish() {
      if (moved.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Tuple> updates = new ArrayList<>();
      moved.forEach((rule, user) -> updates.add(Tuple.of(tenantId, rule, user)));
      return tx.preparedQuery(ADVANCE).executeBatch(updates).mapEmpty();
    }
  }

  /** The first member after {@code last} in id order, round again after the last one. */
  static long next(List<Long> members, Long last) {
    if (last != null) {
      for (long m : members) {
        if (m > last) {
          return m;
        }
      }
    }
    return members.get(0);
  }
}
