package com.chatcrm.engine.lead;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

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
