package com.chatcrm.gateway;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Refused callbacks in the log: one line each while they are few; under a flood (a probe, a
 * platform pointed at the wrong URL) the first {@code perMinute} of a minute and then one summary
 * line with counts by code, so that nothing else in the log is buried. The refusals themselves are
 * answered as always.
 */
public final class RefusalLog {

  private final Logger log;
  private final String what;
  private final int perWindow;
  private final long windowMs;
  private long windowStart;
  private int logged;
  private final Map<String, Long> unlogged = new TreeMap<>();
  private boolean summaryDue;

  /**
   * @param what for the summary line, e.g. "WeCom callbacks"
   */
  public RefusalLog(Logger log, String what, int perMinute) {
    this(log, what, perMinute, Duration.ofMinutes(1));
  }

  /**
   * At most {@code perWindow} lines in each {@code window}, then one summary line for the rest of
   * it.
   */
  public RefusalLog(Logger log, String what, int perWindow, Duration window) {
    this.log = log;
    this.what = what;
    this.perWindow = perWindow;
    this.windowMs = window.toMillis();
  }

  /**
   * Logs a refusal as WARN with {@code format} and {@code args}, or counts it under {@code code} in
   * a flood.
   */
  public void refused(Vertx vertx, String code, String format, Object... args) {
    synchronized (this) {
      long now = System.currentTimeMillis();
      if (now - windowStart >= windowMs) {
        windowStart = now;
        logged = 0;
      }
      if (logged < perWindow) {
        logged++;
      } else {
        unlogged.merge(code, 1L, Long::sum);
        if (!summaryDue) {
          summaryDue = true;
          vertx.setTimer(Math.max(1, windowStart + windowMs - now), id -> summarize());
        }
        return;
      }
    }
    log.warn(format, args);
  }

  private void summarize() {
    Map<String, Long> counts;
    synchronized (this) {
      counts = new TreeMap<>(unlogged);
      unlogged.clear();
      summaryDue = false;
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    log.warn(
        "{} more {} refused in the last {} s without a line each, by code: {}",
        total,
        what,
        windowMs / 1000,
        counts);
  }
}
