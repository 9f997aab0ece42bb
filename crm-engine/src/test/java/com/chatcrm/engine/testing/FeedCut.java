package com.chatcrm.engine.testing;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.change.ChangeFeed;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Cuts a test database's change feed as a database restart would (its LISTEN connections are
 * ended), and makes a change while nothing listens, so that the change's message is surely lost.
 * Register {@link #listener()} on the feed under test after the listeners under test: it hears the
 * probes that tell when the feed is back.
 */
public final class FeedCut {

  private static final String LISTENERS =
      "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
          + " AND query LIKE 'LISTEN %'";
  private static final String PROBE = "feed-cut-probe:";

  private final Pool pool;
  private final Set<String> probes = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sent = new AtomicInteger();

  public FeedCut(Pool pool) {
    this.pool = pool;
  }

  /** Whether a message is one of the probes. */
  public static boolean isProbe(String message) {
    return message.startsWith(PROBE);
  }

  /** Hears the probes; knows nothing of gaps, so that a feed that does not tell of them fails. */
  public ChangeFeed.Listener listener() {
    return ChangeFeed.Listener.of(
        message -> {
          if (isProbe(message)) {
            probes.add(message);
          }
        },
        () -> {});
  }

  /**
   * Ends the feed's connection, makes {@code change} (given the attempt, from 1) while no
   * connection of the database listens, and waits until the feed hears messages again. A feed back
   * before the change committed (it retries every 2 s) would have heard the change: the cut and the
   * change are then made again.
   */
  public void changeWhileCut(IntConsumer change) {
    for (int attempt = 1; ; attempt++) {
      heard();
      await(pool.query("SELECT pg_terminate_backend(pid) " + LISTENERS).execute());
      Eventually.within(Duration.ofSeconds(10))
          .as("the feed's connection gone")
          .until(() -> !listening());
      change.accept(attempt);
      boolean missed = !listening();
      heard();
      // a second probe, read after whatever the feed did on hearing the first
      heard();
      if (missed) {
        return;
      }
      assertThat(attempt).as("the feed came back before the change every time").isLessThan(5);
    }
  }

  /** Announces probes until the feed hears one. */
  private void heard() {
    Eventually.within(Duration.ofSeconds(15))
        .every(Duration.ofMillis(200))
        .as("the feed hearing a probe")
        .until(
            () -> {
              String probe = PROBE + sent.incrementAndGet();
              await(ChangeFeed.announce(pool, probe));
              return heardWithin(probe, Duration.ofMillis(500));
            });
  }

  /**
   * Whether the feed hears {@code probe} within {@code within}: a probe sent too early never is.
   */
  private boolean heardWithin(String probe, Duration within) throws InterruptedException {
    long until = System.nanoTime() + within.toNanos();
    while (!probes.contains(probe) && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    return probes.contains(probe);
  }

  private boolean listening() {
    return await(pool.query("SELECT count(*) " + LISTENERS).execute()).iterator().next().getLong(0)
        > 0;
  }
}
