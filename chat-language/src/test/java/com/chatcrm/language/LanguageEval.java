package com.chatcrm.language;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses every line of the evaluation set and scores it: the intent (with what it was confused
 * with) and each scored slot, counted over the lines where the slot is expected or produced, so
 * that a slot the parser invents is a miss as much as one it loses.
 */
final class LanguageEval {

  /** Counts for one intent, slot or tag. */
  static final class Tally {
    int counted;
    int correct;
    int missing;
    int wrong;
    int extra;

    double accuracy() {
      return counted == 0 ? 1.0 : (double) correct / counted;
    }
  }

  /** One line: what came back and what was wrong with it. */
  record Outcome(
      EvalSet.Line line, Map<String, Object> got, boolean intentOk, List<String> wrongSlots) {
    boolean ok() {
      return intentOk && wrongSlots.isEmpty();
    }
  }

  /**
   * @param intents by expected intent: lines and lines whose intent came back right
   * @param confusion expected intent → intent got → lines
   * @param slots by scored slot
   * @param tags by tag: lines and lines fully right
   * @param customerCauses the customer misses by cause, to tell the linker's share from the
   *     parser's
   */
  record Result(
      List<Outcome> outcomes,
      Map<String, Tally> intents,
      Map<String, Map<String, Integer>> confusion,
      Map<String, Tally> slots,
      Map<String, Tally> tags,
      Tally content,
      Map<String, Integer> customerCauses) {

    double intentAccuracy() {
      return (double) outcomes.stream().filter(Outcome::intentOk).count() / outcomes.size();
    }

    long linesRight() {
      return outcomes.stream().filter(Outcome::ok).count();
    }
  }

  private LanguageEval() {}

  static Result run(List<EvalSet.Line> lines, List<KnownCustomer> roster) {
    CustomerNames names = CustomerNames.of(roster);
    CommandParser parser = new CommandParser();
    Map<String, Integer> customerCauses = new LinkedHashMap<>();
    List<Outcome> outcomes = new ArrayList<>();
    Map<String, Tally> intents = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
    Map<String, Tally> slots = new LinkedHashMap<>();
    EvalSet.SCORED.forEach(s -> slots.put(s, new Tally()));
    Map<String, Tally> tags = new TreeMap<>();
    Tally content = new Tally();
    for (EvalSet.Line line : lines) {
      Map<String, Object> got =
          parser.parse(line.text(), EvalSet.NOW, CommandParser.DEFAULT_STAGES, names).slots();
      String gotIntent = String.valueOf(got.get("intent"));
      boolean intentOk = line.accepts(gotIntent);
      Tally it = intents.computeIfAbsent(line.intent(), k -> new Tally());
      it.counted++;
      if (intentOk) {
        it.correct++;
      } else {
        confusion
            .computeIfAbsent(line.intent(), k -> new TreeMap<>())
            .merge(gotIntent, 1, Integer::sum);
      }
      List<String> wrong = new ArrayList<>();
      for (String slot : EvalSet.SCORED) {
        Object expected = line.slots().get(slot);
        Object actual = got.get(slot);
        if (expected == null && actual == null) {
          continue;
        }
        Tally t = slots.get(slot);
        t.counted++;
        if (expected == null) {
          t.extra++;
          wrong.add(slot);
        } else if (actual == null) {
          t.missing++;
          wrong.add(slot);
        } else if (same(expected, actual)) {
          t.correct++;
        } else {
          t.wrong++;
          wrong.add(slot);
        }
      }
      if (wrong.contains("customer")) {
        customerCauses.merge(
            customerCause(line.slots().get("customer"), got.get("customer"), roster),
            1,
            Integer::sum);
      }
      Outcome o = new Outcome(line, got, intentOk, wrong);
      outcomes.add(o);
      for (String tag : line.tags()) {
        Tally t = tags.computeIfAbsent(tag, k -> new Tally());
        t.counted++;
        t.correct += o.ok() ? 1 : 0;
      }
      if (line.contentContains() != null) {
        content.counted++;
        Object text = got.get("content");
        content.correct += text != null && text.toString().contains(line.contentContains()) ? 1 : 0;
      }
    }
    return new Result(outcomes, intents, confusion, slots, tags, content, customerCauses);
  }

  /**
   * Why a customer was missed: none found, one found that should not be there, the right customer
   * found but not in its canonical form (a piece of its name or an alias: the linker's share), or
   * another piece of the line.
   */
  static String customerCause(Object expected, Object got, List<KnownCustomer> roster) {
    if (got == null) {
      return "missing";
    }
    if (expected == null) {
      return "extra";
    }
    String typed = got.toString().strip().toLowerCase(java.util.Locale.ROOT);
    boolean formOfIt =
        !typed.isEmpty()
            && roster.stream()
                .filter(c -> c.name().equals(expected))
                .anyMatch(
                    c ->
                        c.name().toLowerCase(java.util.Locale.ROOT).contains(typed)
                            || c.aliases().stream().anyMatch(a -> a.contains(typed)));
    return formOfIt ? "unlinked" : "wrong";
  }

  /**
   * Amounts as numbers (45万 may come back as 450000 or 450000.0); a due written as a day alone
   * (周五前: some time on Friday) accepts any time of that day; the rest as text.
   */
  static boolean same(Object expected, Object actual) {
    if (expected instanceof BigDecimal e) {
      try {
        return e.compareTo(new BigDecimal(actual.toString())) == 0;
      } catch (NumberFormatException notANumber) {
        return false;
      }
    }
    if (expected instanceof List<?> e) {
      return actual instanceof List<?> a
          && e.stream()
              .map(String::valueOf)
              .toList()
              .equals(a.stream().map(String::valueOf).toList());
    }
    String e = expected.toString();
    String a = actual.toString();
    if (e.matches("\\d{4}-\\d{2}-\\d{2}") && a.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
      return a.startsWith(e + "T");
    }
    return e.equals(a);
  }
}
