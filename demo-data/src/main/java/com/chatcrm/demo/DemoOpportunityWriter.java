package com.chatcrm.demo;

import static com.chatcrm.demo.DemoPlan.DAY;
import static com.chatcrm.demo.DemoPlan.HOUR;

import java.sql.SQLException;
import org.postgresql.copy.CopyManager;

/** COPYs the opportunities and their stage history, each derived from its number alone. */
final class DemoOpportunityWriter extends DemoTableWriter {

  private final DemoTenantRules rules;
  private final long customerBase;
  private final long opportunityBase;
  // creation time per opportunity, for the follow-ups that name one
  private final long[] oppCreated;

  DemoOpportunityWriter(
      CopyManager copy,
      DemoSteps steps,
      DemoPlan plan,
      DemoTenantRules rules,
      long customerBase,
      long opportunityBase) {
    super(copy, steps, plan);
    this.rules = rules;
    this.customerBase = customerBase;
    this.opportunityBase = opportunityBase;
    this.oppCreated = new long[plan.size.opportunities()];
  }

  /** When each opportunity was created, by number; filled by {@link #opportunityRows}. */
  long[] createdAt() {
    return oppCreated;
  }

  /** One opportunity's life, derived from its number alone. */
  private final class OppPlan {
    int status; // 0 open, 1 won, 2 lost
    int[] path; // stage positions visited, the last one current
    long createdAt;
    long[] movedAt;
    long closedAt;
    long cents;
    int product;
    int kind;
    int lostReason;
    long expectedCloseDay;

    OppPlan(long j, int customer) {
      DemoRandom r = plan.rng(8, j);
      int l = plan.level[customer];
      int[][] outcome = {{88, 2, 10}, {75, 10, 15}, {20, 70, 10}, {5, 5, 90}};
      int planned = r.pick(outcome[l]);
      int[] openWeights = l == 1 ? new int[] {20, 35, 30, 15} : new int[] {40, 30, 20, 10};
      int reached = planned == 1 ? 4 : 1 + r.pick(openWeights);
      int[] route = new int[planned == 0 ? reached : reached + 1];
      for (int p = 0; p < reached; p++) {
        route[p] = p + 1;
      }
      if (planned != 0) {
        route[route.length - 1] = planned == 1 ? 5 : 6;
      }
      long lo = Math.max(plan.created[customer], plan.now - 540 * DAY);
      long hi = plan.now - HOUR;
      createdAt = lo >= hi ? hi : plan.workTime(r, lo, hi);
      // A stage lasts one to three weeks; a route not finished by now is where the opportunity
      // stands today.
      long[] times = new long[route.length];
      times[0] = createdAt;
      int length = 1;
      for (int p = 1; p < route.length; p++) {
        long t = times[p - 1] + (1 + r.nextInt(21)) * DAY + r.nextLong(DAY);
        if (t > hi) {
          break;
        }
        times[length++] = t;
      }
      path = java.util.Arrays.copyOf(route, length);
      movedAt = java.util.Arrays.copyOf(times, length);
      int stage = path[length - 1];
      status = stage == 5 ? 1 : stage == 6 ? 2 : 0;
      closedAt = status == 0 ? Long.MIN_VALUE : movedAt[length - 1];
      // log-uniform between 5,000 and 3,000,000 CNY, in hundreds
      double yuan =
          Math.exp(Math.log(5_000) + r.nextDouble() * (Math.log(3_000_000) - Math.log(5_000)));
      cents = Math.round(yuan / 100) * 100 * 100;
      product = r.nextInt(DemoVocabulary.PRODUCTS.size());
      kind = r.nextInt(DemoVocabulary.OPPORTUNITY_KINDS.size());
      lostReason = r.nextInt(DemoVocabulary.LOST_REASONS.size());
      long closeAt =
          status == 0
              ? Math.max(plan.now, movedAt[length - 1]) + (7 + r.nextInt(150)) * DAY
              : closedAt;
      expectedCloseDay = Math.floorDiv(closeAt + plan.zoneOffset, DAY);
    }

    int stage() {
      return path[path.length - 1];
    }
  }

  long opportunityRows() throws SQLException {
    long total = plan.size.opportunities();
    long started = System.nanoTime();
    DemoBytes b = DemoBytes.INSTANCE;
    String[] status = {"open", "won", "lost"};
    try (DemoCopyWriter w =
        copyInto(
            "opportunity",
            "tenant_id, id, customer_id, name, amount, expected_close, stage_id, status, lost_reason, probability,"
                + " owner_id, closed_at, created_by, created_at, updated_at")) {
      long j = 0;
      for (int i = 0; i < plan.size.customers(); i++) {
        for (int k = 0; k < plan.opportunities[i]; k++, j++) {
          OppPlan o = new OppPlan(j, i);
          oppCreated[(int) j] = o.createdAt;
          plan.names.decode(i, 0, false, parts);
          long owner = plan.repUserId[plan.ownerRep[i]];
          w.num(tenantId).num(opportunityBase + j).num(customerBase + i);
          w.bytes(parts.brand.utf8).more(b.products[o.product]).more(b.opportunityKinds[o.kind]);
          w.cents(o.cents)
              .date(o.expectedCloseDay)
              .num(rules.stageId[o.stage()])
              .text(status[o.status]);
          if (o.status == 2) {
            w.bytes(b.lostReasons[o.lostReason]);
          } else {
            w.nul();
          }
          w.num(rules.stageProbability[o.stage()])
              .num(owner)
              .timestampOrNull(o.closedAt)
              .num(owner)
              .timestamp(o.createdAt)
              .timestamp(o.movedAt[o.movedAt.length - 1]);
          w.endRow();
          steps.report("opportunity", j + 1, total, started);
        }
      }
      return w.finish();
    }
  }

  /** The stage history: the creation (no from stage) and every move after it. */
  long stageMoves(long base) throws SQLException {
    long started = System.nanoTime();
    try (DemoCopyWriter w =
        copyInto(
            "opportunity_stage_move",
            "tenant_id, id, opportunity_id, from_stage_id, to_stage_id, moved_by, moved_at")) {
      long j = 0;
      long id = base;
      for (int i = 0; i < plan.size.customers(); i++) {
        for (int k = 0; k < plan.opportunities[i]; k++, j++) {
          OppPlan o = new OppPlan(j, i);
          for (int p = 0; p < o.path.length; p++) {
            w.num(tenantId).num(id++).num(opportunityBase + j);
            if (p == 0) {
              w.nul();
            } else {
              w.num(rules.stageId[o.path[p - 1]]);
            }
            w.num(rules.stageId[o.path[p]])
                .num(plan.repUserId[plan.ownerRep[i]])
                .timestamp(o.movedAt[p]);
            w.endRow();
            steps.report("opportunity_stage_move", id - base, 0, started);
          }
        }
      }
      return w.finish();
    }
  }
}
