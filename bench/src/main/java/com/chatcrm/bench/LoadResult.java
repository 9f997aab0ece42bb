package com.chatcrm.bench;

import io.vertx.core.json.JsonObject;

/**
 * What one phase of the {@link LoadGenerator} saw.
 *
 * @param rate the scheduled rate (requests per second)
 * @param sendRate how fast requests actually went out (below {@code rate} when the generator could
 *     not keep up)
 * @param okRate 2xx answers per second, from the first send to the last answer
 * @param latencies from each request's intended send time to its answer, failures included
 * @param warmupOk 2xx answers to the uncounted warm-up before the measured requests (the server did
 *     that work too)
 */
public record LoadResult(
    int rate,
    long sent,
    long ok,
    long non2xx,
    long errors,
    long timeouts,
    double sendRate,
    double okRate,
    Latencies latencies,
    long warmupOk) {

  /** Every callback this phase got a 2xx for, warm-up included. */
  public long acknowledged() {
    return ok + warmupOk;
  }

  public long failures() {
    return non2xx + errors + timeouts;
  }

  /**
   * Whether this phase held: every request answered 2xx, sent on schedule, and p99 within {@code
   * p99LimitMs}.
   */
  public boolean held(double p99LimitMs) {
    return failures() == 0 && sendRate >= rate * 0.95 && latencies.p99Ms() <= p99LimitMs;
  }

  /** "500 req/s: p50 … · p99 …, 0 failed". */
  public String summary() {
    return BenchFormat.rate(rate, "req/s")
        + ": "
        + latencies.summary()
        + " · max "
        + BenchFormat.ms(latencies.maxMs())
        + ", "
        + failures()
        + " failed of "
        + BenchFormat.count(sent);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("rate", rate)
        .put("sent", sent)
        .put("ok", ok)
        .put("non2xx", non2xx)
        .put("errors", errors)
        .put("timeouts", timeouts)
        .put("sendRate", sendRate)
        .put("okRate", okRate)
        .put("latencies", latencies.toJson())
        .put("warmupOk", warmupOk);
  }

  public static LoadResult fromJson(JsonObject j) {
    return new LoadResult(
        j.getInteger("rate"),
        j.getLong("sent"),
        j.getLong("ok"),
        j.getLong("non2xx"),
        j.getLong("errors"),
        j.getLong("timeouts"),
        j.getDouble("sendRate"),
        j.getDouble("okRate"),
        Latencies.fromJson(j.getJsonObject("latencies")),
        j.getLong("warmupOk", 0L));
  }
}
