package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.BenchFormat.count;
import static com.chatcrm.bench.reliability.ReliabilityDoc.code;
import static com.chatcrm.bench.reliability.ReliabilityDoc.met;
import static com.chatcrm.bench.reliability.ReliabilityDoc.row;

import java.util.Locale;

/** The faults block of docs/reliability.md. */
final class FaultReport {

  private FaultReport() {}

  static boolean allMet(FaultProbe.Result r) {
    return r.lost() == 0
        && r.duplicated() == 0
        && r.repliesUnsent() == 0
        && r.log().stackTraces() == 0
        && r.faults().stream().allMatch(f -> f.recoverySeconds() >= 0);
  }

  static String markdown(
      FaultProbe.Result r, FaultProbe.Settings s, String header, boolean postgresFault) {
    StringBuilder sb = new StringBuilder(header).append("\n\n");
    sb.append(row("figure", "value", "target", "")).append(row("---", "---", "---", "---"));
    sb.append(
        row(
            "genuine 跟进 callbacks sent / acknowledged (2xx)",
            count(r.sent()) + " / " + count(r.acked()),
            "",
            ""));
    sb.append(
        row("acknowledged but never processed (no follow-up)", r.lost(), "0", met(r.lost() == 0)));
    sb.append(
        row(
            "processed more than once (2+ follow-ups)",
            r.duplicated(),
            "0",
            met(r.duplicated() == 0)));
    sb.append(
        row(
            "processed but the reply never delivered",
            r.repliesUnsent(),
            "0",
            met(r.repliesUnsent() == 0)));
    sb.append(row("replies delivered twice", r.repliesTwice(), "", ""));
    sb.append(
        row(
            "not acknowledged (refused or unanswered while down: the platform re-delivers these)",
            count(r.notAcked()),
            "",
            ""));
    for (FaultProbe.Fault f : r.faults()) {
      sb.append(
          row(
              "time to healthy after: " + f.name(),
              f.recoverySeconds() < 0
                  ? "not within " + s.recoveryLimit().toSeconds() + " s"
                  : String.format(Locale.ROOT, "%.1f s", f.recoverySeconds()),
              "recovers",
              met(f.recoverySeconds() >= 0)));
    }
    // #21: an outage is one WARN when it starts and one INFO when it ends, not a trace per request
    sb.append(
        row(
            "stack traces in the service log (all faults)",
            count(r.log().stackTraces()),
            "0",
            met(r.log().stackTraces() == 0)));
    sb.append(
        row("ERROR lines in the service log (all faults)", count(r.log().errorLines()), "", ""));
    sb.append(
        row(
            "log lines holding a sandbox secret",
            r.log().secretLines(),
            "0",
            met(r.log().secretLines() == 0)));
    if (!r.examples().isEmpty()) {
      sb.append("\nExamples:\n\n");
      r.examples().forEach(x -> sb.append("- ").append(code(x)).append('\n'));
    }
    sb.append("\nHow: ")
        .append(s.rate())
        .append(
            " callbacks/s from the WeCom sandbox company's members, each "
                + "about a customer they own and with a unique marker; the service's WeCom API is the gateway's sandbox run "
                + "in the probe's process, so its faults can be switched on and every reply it took can be read. Each "
                + "fault lasts ")
        .append(s.faultLength().toSeconds())
        .append(" s, with ")
        .append(s.settle().toSeconds())
        .append(
            " s of calm between. \"Time to healthy\" runs from the fault's end (the restart, the database back, "
                + "the API answering again) until /health answers 200 and every callback acknowledged before that end "
                + "has its follow-up and its delivered reply. After a kill -9, what the killed node had claimed waits "
                + "out its lease (inbox 60 s, outbox 2 min) before the new process takes it up: that, not the restart, "
                + "is most of the time to drained when the kill catches work in flight.");
    sb.append(
        postgresFault
            ? " The database is a PostgreSQL cluster of the probe's own (the machine's binaries, "
                + "a temporary directory), so the shared server is never stopped.\n"
            : " PostgreSQL was not stopped in this run (no private cluster available).\n");
    return sb.toString();
  }
}
