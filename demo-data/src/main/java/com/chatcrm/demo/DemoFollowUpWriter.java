package com.chatcrm.demo;

import static com.chatcrm.demo.DemoPlan.DAY;
import static com.chatcrm.demo.DemoPlan.HOUR;

import java.sql.SQLException;
import java.util.List;
import org.postgresql.copy.CopyManager;

/**
 * COPYs the follow-ups (at the times the plan derived) and the reminders that some of them set,
 * spread evenly over all follow-ups.
 */
final class DemoFollowUpWriter extends DemoTableWriter {

  private final long customerBase;
  private final long opportunityBase;
  private final long[] oppCreated;
  private final long followUpBase;

  /**
   * @param oppCreated each opportunity's creation time, by number: a follow-up names only one that
   *     existed by then
   */
  DemoFollowUpWriter(
      CopyManager copy,
      DemoSteps steps,
      DemoPlan plan,
      long customerBase,
      long opportunityBase,
      long[] oppCreated,
      long followUpBase) {
    super(copy, steps, plan);
    this.customerBase = customerBase;
    this.opportunityBase = opportunityBase;
    this.oppCreated = oppCreated;
    this.followUpBase = followUpBase;
  }

  long followUpRows(List<long[]> reminders) throws SQLException {
    long total = plan.size.followUps();
    long reminderTotal = plan.size.reminders();
    long started = System.nanoTime();
    DemoBytes b = DemoBytes.INSTANCE;
    try (DemoCopyWriter w =
        copyInto(
            "follow_up",
            "tenant_id, id, customer_id, opportunity_id, author_id, method, content, happened_at, next_step,"
                + " next_follow_up_at, source, source_message_id, created_at")) {
      long[] times = new long[16];
      long g = 0;
      long nextReminder = 0;
      long reminderAt = reminderSlot(0, total, reminderTotal);
      long oppFirst = 0;
      for (int i = 0; i < plan.size.customers(); i++) {
        if (plan.followUps[i] > times.length) {
          times = new long[plan.followUps[i] * 2];
        }
        int count = plan.followUpTimes(i, times);
        int region = plan.org.reps.get(plan.ownerRep[i]).region();
        for (int k = 0; k < count; k++, g++) {
          DemoRandom r = plan.rng(9, g);
          long at = times[k];
          long id = followUpBase + g;
          int method = r.pick(DemoVocabulary.METHOD_WEIGHTS);
          int author =
              r.nextInt(10) == 0
                  ? plan.repsByRegion[region][r.nextInt(plan.repsByRegion[region].length)]
                  : plan.ownerRep[i];
          w.num(tenantId).num(id).num(customerBase + i);
          long opp = -1;
          if (plan.opportunities[i] > 0 && r.nextInt(10) < 4) {
            int pick = r.nextInt(plan.opportunities[i]);
            if (oppCreated[(int) (oppFirst + pick)] <= at) {
              opp = opportunityBase + oppFirst + pick;
            }
          }
          if (opp < 0) {
            w.nul();
          } else {
            w.num(opp);
          }
          w.num(plan.repUserId[author]).bytes(b.methods[method]);
          byte[][] contents = b.contents[method];
          w.bytes(contents[r.nextInt(contents.length)]);
          w.timestamp(at);
          boolean withReminder = g == reminderAt;
          int step = r.nextInt(DemoVocabulary.NEXT_STEPS.size());
          if (withReminder || r.nextInt(4) == 0) {
            w.bytes(b.nextSteps[step]);
          } else {
            w.nul();
          }
          long due = Long.MIN_VALUE;
          if (withReminder) {
            long localDay = Math.floorDiv(at + plan.zoneOffset, DAY) + 1 + r.nextInt(10);
            due = localDay * DAY - plan.zoneOffset + 9 * HOUR + r.nextInt(2 * 3600 / 900) * 900L;
            w.timestamp(due);
          } else {
            w.nul();
          }
          int source = r.nextInt(10);
          long createdAt = Math.min(plan.now - 1, at + 60 + r.nextInt(3600));
          if (source < 6) {
            w.bytes(b.chat)
                .field()
                .more(b.messagePrefix)
                .moreNum(tenantId)
                .moreChar('-')
                .moreNum(id);
          } else {
            w.bytes(source < 9 ? b.miniApp : b.importSource).nul();
          }
          w.timestamp(createdAt);
          w.endRow();
          if (withReminder) {
            reminders.add(new long[] {id, author, i, due, createdAt, step});
            nextReminder++;
            reminderAt = reminderSlot(nextReminder, total, reminderTotal);
          }
          steps.report("follow_up", g + 1, total, started);
        }
        oppFirst += plan.opportunities[i];
      }
      return w.finish();
    }
  }

  /** Which follow-up (by number) carries reminder {@code r}: spread evenly over all of them. */
  private static long reminderSlot(long r, long followUps, long reminders) {
    return r >= reminders ? -1 : (2 * r + 1) * followUps / (2 * reminders);
  }

  long reminderRows(long base, List<long[]> reminders) throws SQLException {
    long started = System.nanoTime();
    try (DemoCopyWriter w =
        copyInto(
            "reminder",
            "tenant_id, id, owner_id, customer_id, follow_up_id, due_at, repeat_rule, repeat_anchor, text, status,"
                + " created_by, created_at, updated_at, sent_at")) {
      long id = base;
      for (long[] rem : reminders) {
        DemoRandom r = plan.rng(10, id);
        long followUpId = rem[0];
        long owner = plan.repUserId[(int) rem[1]];
        int customer = (int) rem[2];
        long due = rem[3];
        long createdAt = rem[4];
        String status;
        int p = r.nextInt(100);
        if (due < plan.now) {
          status = p < 85 ? "done" : p < 93 ? "pending" : p < 97 ? "cancelled" : "sent";
        } else {
          status = p < 93 ? "pending" : "snoozed";
        }
        plan.names.decode(customer, 0, false, parts);
        String customerName =
            parts.city.text + parts.brand.text + parts.descriptor.text + parts.industry.text;
        w.num(tenantId)
            .num(id)
            .num(owner)
            .num(customerBase + customer)
            .num(followUpId)
            .timestamp(due);
        boolean weekly = p % 25 == 0;
        w.text(weekly ? "weekly" : "none");
        // a repeating reminder's series starts at its first due time (V4: one row per occurrence)
        if (weekly) {
          w.timestamp(due);
        } else {
          w.nul();
        }
        w.text("跟进" + customerName + "：" + DemoVocabulary.NEXT_STEPS.get((int) rem[5]));
        w.text(status).num(owner).timestamp(createdAt);
        boolean sent = status.equals("done") || status.equals("sent");
        w.timestamp(sent ? Math.min(plan.now - 1, due + r.nextInt(86_400)) : createdAt);
        if (sent) {
          w.timestamp(due);
        } else {
          w.nul();
        }
        w.endRow();
        id++;
        steps.report("reminder", id - base, reminders.size(), started);
      }
      return w.finish();
    }
  }
}
