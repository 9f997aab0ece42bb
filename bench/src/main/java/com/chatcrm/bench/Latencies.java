package com.chatcrm.bench;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds.
 *
 * @param count how many values were recorded
 */
public record Latencies(
    long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

  /** A histogram for microsecond values up to one minute, 3 significant digits. */
  public static Histogram newHistogram() {
    return new Histogram(60_000_000L, 3);
  }

  public static Latencies of(Histogram h) {
    return new Latencies(
        h.getTotalCount(),
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(95)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getMaxValue()),
        h.getMean() / 1000.0);
  }

  public static Latencies fromJson(JsonObject j) {
    return new Latencies(
        j.getLong("count"),
        j.getDouble("p50Ms"),
        j.getDouble("p95Ms"),
        j.getDouble("p99Ms"),
        j.getDouble("maxMs"),
        j.getDouble("meanMs"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("count", count)
        .put("p50Ms", p50Ms)
        .put("p95Ms", p95Ms)
        .put("p99Ms", p99Ms)
        .put("maxMs", maxMs)
        .put("meanMs", meanMs);
  }

  /** "p50 1.2 ms · p95 3.4 ms · p99 5.6 ms". */
  public String summary() {
    return "p50 "
        + BenchFormat.ms(p50Ms)
        + " · p95 "
        + BenchFormat.ms(p95Ms)
        + " · p99 "
        + BenchFormat.ms(p99Ms);
  }

  /** HdrHistogram's percentile distribution table (in ms), for the raw results. */
  public static String distribution(Histogram h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.outputPercentileDistribution(new PrintStream(out, true, StandardCharsets.UTF_8), 1000.0);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
