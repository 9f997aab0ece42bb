package com.chatcrm.engine.db;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database outage as an operator wants to read it: one WARN when the first request or pass fails
 * for want of the database, one INFO with counts when it answers again — instead of a stack trace
 * for every request answered 503 meanwhile. While it lasts the database is probed every second.
 */
public final class DatabaseOutage {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);

  /**
   * SQLSTATEs of a server going away or refusing connections: admin/crash shutdown, starting up,
   * too many.
   */
  /**
   * What a request answered 503 for want of the database says: its code, its words, when to try
   * again.
   */
  public static final String ANSWER_CODE = "unavailable";

  public static final String ANSWER_MESSAGE = "服务暂时不可用（数据库连接中断），请稍后再试";
  public static final String RETRY_AFTER_SECONDS = "5";

  /** How often the database is tried while it is away. */
  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private final Vertx vertx;
  private final Pool pool;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private volatile Instant since;

  public DatabaseOutage(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Whether {@code e} (or a cause) means the database could not be reached or is shutting down. */
  public static boolean isUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // a reset is how a connection ends when the server crashes or is killed (immediate shutdown)
      // ConnectException (refused) is a SocketException too
      if (t instanceof SocketException
          || t instanceof ConnectTimeoutException
          || t instanceof ClosedConnectionException
          || t instanceof DatabaseUnavailable) {
        return true;
      }
      // a statement sent on a connection the server has just closed: Vert.x says so only in its
      // message
      if (t instanceof VertxException && closedConnection(t.getMessage())) {
        return true;
      }
      if (t instanceof PgException pg
          && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean closedConnection(String message) {
    return message != null
        && (message.startsWith("Connection is not active")
            || message.startsWith("Connection is closed"));
  }

  /**
   * A request that failed: true when it failed for want of the database — counted, and logged only
   * if it starts an outage; the caller answers 503 without logging. False for any other failure.
   */
  public boolean requestFailed(Throwable e) {
    return absorb(e, requests);
  }

  /** The same for a background pass or drain (the caller skips its own log line when true). */
  public boolean passFailed(Throwable e) {
    return absorb(e, passes);
  }

  private boolean absorb(Throwable e, AtomicLong counter) {
    if (!isUnavailable(e)) {
      return false;
    }
    counter.incrementAndGet();
    if (down.compareAndSet(false, true)) {
      since = Instant.now();
      LOG.warn(
          "Database unavailable: {}; requests are answered 503 and pushed work waits until it is back",
          oneLine(e));
      probeLater();
    }
    return true;
  }

  private void probeLater() {
    vertx.setTimer(
        PROBE_EVERY.toMillis(),
        id ->
            pool.query("SELECT 1")
                .execute()
                .timeout(PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        recovered();
                      } else {
                        probeLater();
                      }
                    }));
  }

  private void recovered() {
    Duration lasted = Duration.between(since, Instant.now());
    long answered503 = requests.getAndSet(0);
    long skipped = passes.getAndSet(0);
    down.set(false);
    LOG.info(
        "Database is back after {} s: {} requests were answered 503 and {} background passes failed meanwhile",
        lasted.toSeconds(),
        answered503,
        skipped);
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.strip().lines().findFirst().orElse("");
  }
}
