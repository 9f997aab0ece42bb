package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.BenchFormat.count;
import static com.chatcrm.bench.reliability.ReliabilityDoc.code;
import static com.chatcrm.bench.reliability.ReliabilityDoc.mb;
import static com.chatcrm.bench.reliability.ReliabilityDoc.met;
import static com.chatcrm.bench.reliability.ReliabilityDoc.row;

import com.chatcrm.bench.reliability.HostileCallbackProbe.Result;
import com.chatcrm.bench.reliability.HostileCallbackProbe.Tally;
import com.chatcrm.bench.reliability.HostileCallbacks.Category;
import com.chatcrm.engine.inbox.CallbackSignatures;
import java.util.Locale;
import java.util.Map;

/** The hostile-callbacks block of docs/reliability.md, from a probe's result. */
final class HostileCallbackReport {

  /** The service runs with -Xmx512m: a peak above it is impossible, near it means trouble. */
  static final long PEAK_HEAP_BOUND = 512L * 1024 * 1024;

  /**
   * What the live heap may grow by over the run: a leak per request would be far more at 100,000
   * requests.
   */
  static final long LIVE_GROWTH_BOUND = 32L * 1024 * 1024;

  private HostileCallbackReport() {}

  static boolean heapBounded(Result r) {
    boolean growthOk =
        r.liveHeapBeforeBytes() < 0
            || r.liveHeapAfterBytes() < 0
            || r.liveHeapAfterBytes() - r.liveHeapBeforeBytes() < LIVE_GROWTH_BOUND;
    return r.peakHeapBytes() < PEAK_HEAP_BOUND && growthOk;
  }

  static boolean allMet(Result r, int target) {
    return r.sent() >= target
        && r.accepted() == 0
        && r.rows() == 0
        && r.serverErrors() == 0
        && r.timedOut() == 0
        && heapBounded(r)
        && r.log().stackTraces() == 0
        && r.log().secretLines() == 0
        && r.log().forgedLines() == 0
        && r.aliveAfter();
  }

  static String markdown(Result r, int target, String header, String rawFile) {
    StringBuilder sb = new StringBuilder(header).append("\n\n");
    sb.append(row("figure", "value", "target", "")).append(row("---", "---", "---", "---"));
    sb.append(
        row(
            "hostile callbacks sent (5 routes, " + Category.values().length + " categories)",
            count(r.sent()) + String.format(Locale.ROOT, " in %.0f s", r.seconds()),
            "≥ " + count(target),
            met(r.sent() >= target)));
    sb.append(row("accepted (2xx)", count(r.accepted()), "0", met(r.accepted() == 0)));
    sb.append(
        row(
            "rows written (" + TableRows.TABLES.size() + " tables a callback can reach)",
            count(r.rows()) + (r.rowsWritten().isEmpty() ? "" : " " + r.rowsWritten()),
            "0",
            met(r.rows() == 0)));
    sb.append(row("5xx answers", count(r.serverErrors()), "0", met(r.serverErrors() == 0)));
    sb.append(
        row(
            "no answer within " + HostileCallbackProbe.TIMEOUT.toSeconds() + " s",
            count(r.timedOut()),
            "0",
            met(r.timedOut() == 0)));
    sb.append(
        row(
            "peak heap in use (jstat, every second)",
            mb(r.peakHeapBytes()),
            "< 512 MB (-Xmx512m)",
            met(r.peakHeapBytes() < PEAK_HEAP_BOUND)));
    sb.append(
        row(
            "live heap after a full GC, before → after",
            mb(r.liveHeapBeforeBytes()) + " → " + mb(r.liveHeapAfterBytes()),
            "grows < 32 MB",
            met(heapBounded(r))));
    sb.append(
        row(
            "stack traces in the service log",
            count(r.log().stackTraces()),
            "0",
            met(r.log().stackTraces() == 0)));
    sb.append(row("ERROR lines in the service log", count(r.log().errorLines()), "", ""));
    sb.append(
        row(
            "log lines holding a sandbox secret, token or AES key",
            count(r.log().secretLines()),
            "0",
            met(r.log().secretLines() == 0)));
    sb.append(
        row(
            "log lines forged through a CR/LF",
            count(r.log().forgedLines()),
            "0",
            met(r.log().forgedLines() == 0)));
    sb.append(
        row(
            "service healthy afterwards",
            r.aliveAfter() ? "yes" : "no",
            "yes",
            met(r.aliveAfter())));
    sb.append('\n');
    sb.append(row("category", "sent", "2xx", "4xx", "5xx", "closed¹", "no answer"))
        .append(row("---", "---:", "---:", "---:", "---:", "---:", "---:"));
    for (Map.Entry<Category, Tally> e : r.byCategory().entrySet()) {
      Tally t = e.getValue();
      sb.append(
          row(
              e.getKey().label,
              count(t.sent.get()),
              count(t.accepted.get()),
              count(t.refused.get()),
              count(t.serverErrors.get()),
              count(t.noAnswer.get()),
              count(t.timedOut.get())));
    }
    sb.append(
        "\n¹ the service closed the connection without an answer (oversized requests): refused.\n");
    sb.append("\nBy route: ");
    r.byRoute()
        .forEach(
            (k, v) ->
                sb.append(HostileCallbacks.routesDescribed().get(k))
                    .append(' ')
                    .append(count(v))
                    .append("; "));
    sb.setLength(sb.length() - 2);
    sb.append(".\n");
    StringBuilder misses = new StringBuilder();
    for (Map.Entry<Category, Tally> e : r.byCategory().entrySet()) {
      synchronized (e.getValue()) {
        e.getValue().accepted2xx.stream()
            .limit(1)
            .forEach(
                x ->
                    misses
                        .append("- ")
                        .append(e.getKey().label)
                        .append(", acknowledged: ")
                        .append(code(x))
                        .append('\n'));
        e.getValue().errors.stream()
            .limit(1)
            .forEach(
                x ->
                    misses
                        .append("- ")
                        .append(e.getKey().label)
                        .append(", 5xx or no answer: ")
                        .append(code(x))
                        .append('\n'));
      }
    }
    if (misses.length() > 0) {
      sb.append("\nThe first failure of each kind in each category (more in `")
          .append(rawFile)
          .append("`):\n\n")
          .append(misses);
    }
    if (!r.log().examples().isEmpty()) {
      sb.append("\nFrom the service log:\n\n");
      r.log().examples().stream()
          .limit(5)
          .forEach(x -> sb.append("- ").append(code(x)).append('\n'));
    }
    sb.append(
        "\nHow: the probe signs with the sandbox companies' fixed test secrets, so a hostile payload "
            + "(XXE, billion laughs, NUL, invalid UTF-8, wrong JSON types, crafted envelope lengths) gets past the "
            + "signature check and reaches the parser; a seeded generator picks category, route and mutation. "
            + HostileCallbackProbe.CONCURRENCY
            + " connections, at most "
            + HostileCallbackProbe.MAX_RATE
            + " requests/s. Four genuine robot callbacks are posted first (their timestamp/sign headers are what "
            + "the replay category reuses), each followed by the genuine messages one DingTalk signature may carry when "
            + "they share its millisecond ("
            + CallbackSignatures.MESSAGES_PER_SIGNATURE
            + " in all, see README, Replay "
            + "protection), so every replay measured is one beyond that allowance; the row counts are taken after them. "
            + "Tables the schedulers fill on their own (outbound messages, pool events, audit) are not counted.\n");
    return sb.toString();
  }
}
