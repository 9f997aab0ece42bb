package com.chatcrm.bench.reliability;

import com.chatcrm.bench.reliability.PermissionOracle.Verdict;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one request and judges the answer against the oracle: the verdict is taken from the
 * database before the request, the target's fingerprint before and after it. A refusal of a hidden
 * record must be the very answer a surely-missing id gets (status, code, message and details, the
 * id itself aside), asked once per user and operation.
 */
final class AnswerJudge {

  private static final java.util.regex.Pattern OWNER_FILTER =
      java.util.regex.Pattern.compile("ownerId=(\\d+)");

  private final ProbeClient client;
  private final PermissionOracle oracle;
  private final RowFingerprints fingerprints;
  private final ListAnswerCheck lists;
  private final ProbeTally tally;
  private final Map<String, String> missingAnswers = new HashMap<>();

  AnswerJudge(
      ProbeClient client,
      PermissionOracle oracle,
      RowFingerprints fingerprints,
      ListAnswerCheck lists,
      ProbeTally tally) {
    this.client = client;
    this.oracle = oracle;
    this.fingerprints = fingerprints;
    this.lists = lists;
    this.tally = tally;
  }

  void judge(ProbeRequest r) throws Exception {
    ProbeUser u = r.user();
    if (r.op().group == ProbeOp.Group.LIST) {
      ProbeClient.Answer a = client.call(u, r.op().method, r.path(), r.body());
      Verdict v = listVerdict(r);
      tally.count(r, v);
      if (a.status() >= 500) {
        tally.serverError(r, a, oracle);
      } else if (!a.ok() && v == Verdict.ALLOWED) {
        tally.refusedAllowed(r, a, oracle);
      } else if (a.ok()) {
        List<String> leaks = lists.leaks(r, a.json());
        if (!leaks.isEmpty()) {
          tally.leak(
              r,
              a,
              oracle,
              String.join("; ", leaks.subList(0, Math.min(3, leaks.size())))
                  + (leaks.size() > 3 ? " and " + (leaks.size() - 3) + " more" : ""));
        }
      }
      return;
    }
    PermissionOracle.CustomerFacts customer =
        r.op().target == RowFingerprints.Kind.CUSTOMER ? oracle.customer(r.targetId()) : null;
    boolean hidden =
        customer != null && (customer.tenantId() != u.tenantId() || !oracle.mayRead(u, customer));
    Verdict v = verdict(r, customer);
    // the owner of a deal on a customer they no longer see (transferred, reclaimed) sees their deal
    // and its customer's
    // name on it: the customer's deal list may answer, with only the deals the user sees
    boolean ownDealsListed =
        r.op() == ProbeOp.OPPORTUNITIES
            && hidden
            && customer.tenantId() == u.tenantId()
            && !customer.deleted()
            && oracle.seesADealOf(u, customer.id());
    if (ownDealsListed) {
      v = Verdict.EITHER;
      hidden = false;
    }
    tally.count(r, v);
    boolean write = r.op().group == ProbeOp.Group.WRITE;
    String before = write ? fingerprints.of(r.op().target, r.targetId()) : null;
    ProbeClient.Answer a = client.call(u, r.op().method, r.path(), r.body());
    String after = write ? fingerprints.of(r.op().target, r.targetId()) : null;
    if (write
        && (v == Verdict.REFUSED_HIDDEN || v == Verdict.REFUSED_VISIBLE)
        && !before.equals(after)) {
      tally.wrongWrite(r, a, oracle, "the record changed: " + before + " → " + after);
    }
    if (a.status() >= 500) {
      tally.serverError(r, a, oracle);
      return;
    }
    if (hidden && names(a.body(), customer)) {
      tally.leak(
          r,
          a,
          oracle,
          "names the hidden customer 「"
              + customer.name()
              + "」 or its owner "
              + customer.ownerName());
      return;
    }
    if (a.ok() && r.op() == ProbeOp.OPPORTUNITIES) {
      for (Object item : a.json().getJsonArray("items", new io.vertx.core.json.JsonArray())) {
        long deal = ((io.vertx.core.json.JsonObject) item).getLong("id");
        if (!oracle.maySeeOpportunity(u, oracle.opportunity(deal))) {
          tally.leak(r, a, oracle, "lists deal " + deal + ", which the user may not see");
          return;
        }
      }
    }
    switch (v) {
      case ALLOWED -> {
        if (a.status() == 403 || a.status() == 404) {
          tally.refusedAllowed(r, a, oracle);
        } else if (a.status() == 409 || a.status() == 429) {
          tally.conflict();
        } else if (!a.ok()) {
          tally.other(r, a, oracle, "refused an allowed request");
        }
      }
      case REFUSED_VISIBLE -> {
        if (a.ok() && before.equals(after)) {
          tally.other(r, a, oracle, "accepted a request the rule refuses (nothing changed)");
        }
      }
      case REFUSED_HIDDEN -> {
        if (a.ok()) {
          tally.leak(
              r, a, oracle, "answered " + a.status() + " about a record the user may not see");
        } else {
          String got = a.status() + " " + normalised(a.body(), r.targetId());
          String expected = missingAnswer(r, false);
          if (!got.equals(expected)) {
            expected = missingAnswer(r, true);
          }
          if (!got.equals(expected)) {
            tally.leak(r, a, oracle, "differs from the answer for a missing id: " + expected);
          }
        }
      }
      case EITHER -> {}
    }
  }

  /**
   * A list is always the user's to ask for, except two the rule leaves open: the company's funnel
   * asked by a non-admin, and customers filtered on an owner the user does not see (refusing that
   * shows nothing).
   */
  private Verdict listVerdict(ProbeRequest r) {
    ProbeUser u = r.user();
    if (r.op() == ProbeOp.PIPELINE && r.path().endsWith("tenant") && !u.admin()) {
      return Verdict.EITHER;
    }
    java.util.regex.Matcher owner = OWNER_FILTER.matcher(r.path());
    if (r.op() == ProbeOp.LIST_CUSTOMERS
        && owner.find()
        && !oracle.seesOwner(u, Long.parseLong(owner.group(1)))) {
      return Verdict.EITHER;
    }
    return Verdict.ALLOWED;
  }

  private Verdict verdict(ProbeRequest r, PermissionOracle.CustomerFacts customer)
      throws SQLException {
    ProbeUser u = r.user();
    return switch (r.op()) {
      case MOVE_STAGE -> oracle.moveStage(u, oracle.opportunity(r.targetId()));
      case REMINDER_DONE, REMINDER_SNOOZE ->
          oracle.reminderAction(u, oracle.reminder(r.targetId()));
      case MENTION_DONE -> oracle.mentionDone(u, oracle.mention(r.targetId()));
      case TRANSFER ->
          customer != null
                  && customer.tenantId() == u.tenantId()
                  && !customer.deleted()
                  && customer.inPool()
                  && oracle.leads(u)
                  && oracle.seesOwner(u, r.body().getLong("toUserId"))
              // README: a 公海 customer is assigned out of the pool — by a leader, to someone of
              // their departments
              ? Verdict.ALLOWED
              : customerVerdict(u, r.op(), customer);
      default -> customerVerdict(u, r.op(), customer);
    };
  }

  private Verdict customerVerdict(ProbeUser u, ProbeOp op, PermissionOracle.CustomerFacts c)
      throws SQLException {
    if (c == null || c.tenantId() != u.tenantId()) {
      return Verdict.REFUSED_HIDDEN;
    }
    if (c.deleted()) {
      if (op == ProbeOp.RESTORE && oracle.mayManage(u, c)) {
        return Verdict.ALLOWED;
      }
      if (op == ProbeOp.CLAIM && !oracle.mayRead(u, c) && oracle.leftThePool(c)) {
        return Verdict
            .REFUSED_VISIBLE; // "taken from the pool", as for a live one: it was in the 公海 for all
        // to see
      }
      return oracle.onDeleted(u, c);
    }
    return switch (op) {
      case GET_CUSTOMER, SET_REMINDER ->
          oracle.mayRead(u, c) ? Verdict.ALLOWED : Verdict.REFUSED_HIDDEN;
      // a 公海 customer is shown for claiming; whether its history is, the rule does not say
      case CONTACTS, OPPORTUNITIES, FOLLOW_UPS, AUDIT ->
          oracle.mayEdit(u, c)
              ? Verdict.ALLOWED
              : oracle.mayRead(u, c) ? Verdict.EITHER : Verdict.REFUSED_HIDDEN;
      case EDIT, ADD_CONTACT, ADD_FOLLOW_UP ->
          oracle.mayEdit(u, c) ? Verdict.ALLOWED : oracle.refusal(u, c);
      // claiming one's own customer again is a no-op the rule does not forbid
      case CLAIM ->
          c.inPool()
              ? Verdict.ALLOWED
              : Long.valueOf(u.userId()).equals(c.ownerId())
                  ? Verdict.EITHER
                  : !oracle.mayRead(u, c) && oracle.leftThePool(c)
                      ? Verdict.REFUSED_VISIBLE
                      : oracle.refusal(u, c);
      case TRANSFER, DELETE -> oracle.mayManage(u, c) ? Verdict.ALLOWED : oracle.refusal(u, c);
      case RESTORE -> oracle.mayRead(u, c) ? Verdict.EITHER : Verdict.REFUSED_HIDDEN;
      default -> throw new IllegalArgumentException(op + " is not about a customer");
    };
  }

  private static boolean names(String body, PermissionOracle.CustomerFacts c) {
    return body.contains(c.name()) || (c.ownerName() != null && body.contains(c.ownerName()));
  }

  /**
   * The answer to this request about a surely-missing id: remembered per user and operation, or
   * asked afresh.
   */
  private String missingAnswer(ProbeRequest r, boolean afresh) throws Exception {
    String key = r.user().userId() + " " + r.op();
    String known = afresh ? null : missingAnswers.get(key);
    if (known == null) {
      long id = ApiRequestGenerator.MISSING_FROM - 1 - r.op().ordinal();
      ProbeRequest baseline = r.about(id);
      ProbeClient.Answer a =
          client.call(r.user(), baseline.op().method, baseline.path(), baseline.body());
      known = a.status() + " " + normalised(a.body(), id);
      missingAnswers.put(key, known);
    }
    return known;
  }

  private static String normalised(String body, long id) {
    return body.replace(Long.toString(id), "{id}");
  }
}
