package com.chatcrm.bench.reliability;

import com.chatcrm.bench.reliability.PermissionOracle.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The probe's counts and first examples, and the Markdown block they make. */
final class ProbeTally {

  private static final int EXAMPLES = 5;

  /** How the oracle judges, for the page: the product's rule and where the probe had to read it. */
  static final String RULES =
      """
      How answers are judged (`bench/src/main/java/com/chatcrm/bench/reliability/PermissionOracle.java`, SQL over the \
      service's database, walking the org chart up from each owner where the engine walks down from each leader): \
      an admin sees the whole company; a department's leader what is owned in that department and every one below \
      it; everyone what they own and what they collaborate on; a 公海 customer is seen by the whole company for \
      claiming; nothing crosses companies. Editing, contacts and follow-ups: admins, and the owner's side and \
      collaborators of a private customer; delete, restore and transfer: admins, the owner and their leaders, and a \
      leader may assign a 公海 customer to someone of their departments (README); reminders: their owner and whoever \
      sees the owner; @-mentions: their addressee or sender. A refused request about a record the user may not see \
      must get exactly the answer of a surely-missing id (status, code, message, details; asked again with the same \
      body before a difference counts) and name neither the record nor its owner; a customer that left the 公海 by a \
      claim may be answered "taken" without naming it. Writes are judged by the target row's version, change columns \
      and dependent rows before and after. Where the rule is silent nothing is counted but 5xx: a 公海 customer's \
      history for non-admins, a deleted customer to those with rights over it, restoring a live one, claiming one's \
      own, the company funnel or an unseen owner's filter asked by a non-admin, and a deal owner listing the deals \
      of a customer they no longer see (funnels count at most the deals of the owners the scope covers).
      """;

  private static final int SHOWN_BODY = 300;

  private final Map<ProbeOp.Group, Integer> byGroup = new EnumMap<>(ProbeOp.Group.class);
  private final Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
  private final Map<String, Integer> byDrawn = new TreeMap<>();
  private int requests;
  private int leaks;
  private int wrongWrites;
  private int refusedAllowed;
  private int conflicts;
  private int serverErrors;
  private int others;
  private final List<String> leakExamples = new ArrayList<>();
  private final List<String> wrongWriteExamples = new ArrayList<>();
  private final List<String> refusedExamples = new ArrayList<>();
  private final List<String> serverErrorExamples = new ArrayList<>();
  private final List<String> otherExamples = new ArrayList<>();

  void count(ProbeRequest r, Verdict v) {
    requests++;
    byGroup.merge(r.op().group, 1, Integer::sum);
    byVerdict.merge(v, 1, Integer::sum);
    byDrawn.merge(r.drawn(), 1, Integer::sum);
  }

  void leak(ProbeRequest r, ProbeClient.Answer a, PermissionOracle o, String why) {
    leaks++;
    add(leakExamples, r, a, o, why);
  }

  void wrongWrite(ProbeRequest r, ProbeClient.Answer a, PermissionOracle o, String why) {
    wrongWrites++;
    add(wrongWriteExamples, r, a, o, why);
  }

  void refusedAllowed(ProbeRequest r, ProbeClient.Answer a, PermissionOracle o) {
    refusedAllowed++;
    add(refusedExamples, r, a, o, "the rule allows it");
  }

  void serverError(ProbeRequest r, ProbeClient.Answer a, PermissionOracle o) {
    serverErrors++;
    add(serverErrorExamples, r, a, o, "server error");
  }

  void other(ProbeRequest r, ProbeClient.Answer a, PermissionOracle o, String why) {
    others++;
    add(otherExamples, r, a, o, why);
  }

  void conflict() {
    conflicts++;
  }

  int requests() {
    return requests;
  }

  int leaks() {
    return leaks;
  }

  int wrongWrites() {
    return wrongWrites;
  }

  /** Leaks and wrong writes first, then the rest. */
  List<String> examples() {
    List<String> out = new ArrayList<>();
    leakExamples.forEach(e -> out.add("leak: " + e));
    wrongWriteExamples.forEach(e -> out.add("wrong write: " + e));
    refusedExamples.forEach(e -> out.add("refused though allowed: " + e));
    serverErrorExamples.forEach(e -> out.add("5xx: " + e));
    otherExamples.forEach(e -> out.add("other: " + e));
    return out;
  }

  private static void add(
      List<String> examples, ProbeRequest r, ProbeClient.Answer a, PermissionOracle o, String why) {
    if (examples.size() >= EXAMPLES) {
      return;
    }
    String body =
        a.body().length() > SHOWN_BODY ? a.body().substring(0, SHOWN_BODY) + "…" : a.body();
    examples.add(
        "`"
            + r.describe()
            + "` as "
            + r.user().label(o)
            + ", id drawn as "
            + r.drawn()
            + " → "
            + a.status()
            + " `"
            + body.replace("`", "'").replace("|", "\\|")
            + "` — "
            + why);
  }

  String markdown(
      long seed, Duration took, List<ProbeUser> users, PermissionOracle oracle, String fixtures) {
    StringBuilder m = new StringBuilder();
    Map<String, Integer> roles = new TreeMap<>();
    users.forEach(u -> roles.merge(u.platform() + " " + u.role(oracle), 1, Integer::sum));
    m.append(
        String.format(
            Locale.ROOT,
            "%,d requests in %.0f s (seed %d) as %d users: %s. %s%n%n",
            requests,
            took.toMillis() / 1000.0,
            seed,
            users.size(),
            join(roles),
            fixtures));
    m.append("| measure | figure | target |\n|---|---|---|\n");
    m.append(row("leaks (a hidden record's data or existence shown)", leaks, "0"));
    m.append(row("wrong writes (a refused write changed the database)", wrongWrites, "0"));
    m.append(row("refused though allowed", refusedAllowed, "reported"));
    m.append(
        row(
            "allowed writes answered 409 / 429 (stale, duplicate, claim limits)",
            conflicts,
            "reported"));
    m.append(row("5xx answers", serverErrors, "0"));
    m.append(row("other surprises", others, "reported"));
    boolean met = leaks == 0 && wrongWrites == 0;
    m.append("\nTargets 0 leaks / 0 wrong writes: ")
        .append(met ? "✅ met" : "❌ missed")
        .append(".\n\n");
    m.append("| requests by kind | count |\n|---|---|\n");
    m.append(
        row(
            "reads of one record (customer, contacts, follow-ups, deals, audit)",
            byGroup.getOrDefault(ProbeOp.Group.READ, 0)));
    m.append(
        row(
            "writes (edit, contact, follow-up, reminder, claim, transfer, delete, restore, stage, reminder done/snooze, mention done)",
            byGroup.getOrDefault(ProbeOp.Group.WRITE, 0)));
    m.append(
        row(
            "lists, search and reports (customers, search, pool, board, reminders, mentions, activity, funnel, team)",
            byGroup.getOrDefault(ProbeOp.Group.LIST, 0)));
    m.append("\nOracle verdicts: ");
    List<String> vs = new ArrayList<>();
    byVerdict.forEach(
        (v, n) -> vs.add(v.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + n));
    m.append(String.join(", ", vs)).append(". Ids drawn as: ").append(join(byDrawn)).append(".\n");
    m.append('\n').append(RULES);
    List<String> ex = examples();
    if (!ex.isEmpty()) {
      m.append("\nFirst examples:\n\n");
      ex.forEach(e -> m.append("- ").append(e).append('\n'));
    }
    return m.toString();
  }

  private static String row(String what, int n, String target) {
    String mark = "0".equals(target) ? (n == 0 ? " ✅" : " ❌") : "";
    return "| "
        + what
        + " | "
        + String.format(Locale.ROOT, "%,d", n)
        + " | "
        + target
        + mark
        + " |\n";
  }

  private static String row(String what, int n) {
    return "| " + what + " | " + String.format(Locale.ROOT, "%,d", n) + " |\n";
  }

  private static String join(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }
}
