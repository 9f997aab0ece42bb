package com.chatcrm.bench;

import io.vertx.core.json.JsonObject;

/**
 * What one closed-loop phase of {@link ClosedLoopGenerator} saw: the answers that arrived within
 * its measured seconds.
 *
 * @param latencies from each request's send to its answer (a closed loop has no schedule to be late
 *     against)
 */
public record ClosedLoopResult(
    int connections,
    double seconds,
    long ok,
    long non2xx,
    long errors,
    long timeouts,
    Latencies latencies) {

  /** 2xx answers per second. */
  public double okRate() {
    return seconds <= 0 ? 0 : ok / seconds;
  }

  public long failures() {
    return non2xx + errors + timeouts;
  }

  /** "32 connections: 6,354 req/s 2xx · p50 … · p99 …, 0 failed". */
  public String summary() {
    return connections
        + " connections: "
        + BenchFormat.rate(okRate(), "req/s 2xx")
        + " · "
        + latencies.summary()
        + ", "
        + failures()
        + " failed";
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("connections", connections)
        .put("seconds", seconds)
        .put("ok", ok)
        .put("non2xx", non2xx)
        .put("errors", errors)
        .put("timeouts", timeouts)
        .put("okRate", okRate())
        .put("latencies", latencies.toJson());
  }

  public static ClosedLoopResult fromJson(JsonObject j) {
    return new ClosedLoopResult(
        j.getInteger("connections"),
        j.getDouble("seconds"),
        j.getLong("ok"),
        j.getLong("non2xx"),
        j.getLong("errors"),
        j.getLong("timeouts"),
        Latencies.fromJson(j.getJsonObject("latencies")));
  }
}
