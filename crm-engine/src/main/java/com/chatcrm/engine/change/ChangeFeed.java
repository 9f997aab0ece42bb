package com.chatcrm.engine.change;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every node of the service that shared data changed, through Postgres LISTEN/NOTIFY, so that
 * in-memory caches (tenant settings, tokens' apps) are dropped everywhere at once, not just on the
 * node that made the change. Messages are short strings such as {@code tenant_channel:42}.
 *
 * <p>A message announced while this node's LISTEN connection is down (a database restart, a
 * failover) never reaches it. So every time the feed listens again after its first start, it tells
 * each listener that anything may have changed ({@link Listener#onMissedChanges}).
 */
public final class ChangeFeed extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  /** The Postgres NOTIFY channel. */
  public static final String CHANNEL = "crm_changes";

  private final PgConnectOptions connectOptions;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private PgSubscriber subscriber;

  public ChangeFeed(PgConnectOptions connectOptions) {
    this.connectOptions = connectOptions;
  }

  /** Announces a change; call it inside the transaction that made it (NOTIFY is sent at commit). */
  public static Future<Void> announce(SqlClient tx, String message) {
    return tx.preparedQuery("SELECT pg_notify('" + CHANNEL + "', $1)")
        .execute(Tuple.of(message))
        .mapEmpty();
  }

  /** What keeps something a change announced on the feed makes stale. */
  public interface Listener {

    /** A change announced by any node, this one included, e.g. {@code pipeline:42}. */
    void onChange(String message);

    /**
     * The feed listens again after it was cut off: changes announced meanwhile are lost, so
     * whatever the listener keeps may be stale, for every tenant.
     */
    void onMissedChanges();

    /** A listener made of its two reactions. */
    static Listener of(Consumer<String> onChange, Runnable onMissedChanges) {
      return new Listener() {
        @Override
        public void onChange(String message) {
          onChange.accept(message);
        }

        @Override
        public void onMissedChanges() {
          onMissedChanges.run();
        }
      };
    }
  }

  /** Told on this node of every change announced by any node, and of every gap in the feed. */
  public ChangeFeed onChange(Listener listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public Future<?> start() {
    subscriber =
        PgSubscriber.subscriber(vertx, connectOptions)
            // keep listening through database restarts: retry every 2 s
            .reconnectPolicy(retries -> 2_000L);
    Promise<Void> listening = Promise.promise();
    subscriber
        .channel(CHANNEL)
        // started only once LISTEN is in place, so no change made after start() can be missed
        .subscribeHandler(
            v -> {
              // (re)connected: the connection's errors are ours to handle, else Vert.x prints their
              // stack traces to
              // stderr; losing the database is reported once by DatabaseOutage, and the subscriber
              // reconnects
              PgConnection connection = subscriber.actualConnection();
              if (connection != null) {
                connection.exceptionHandler(
                    e -> LOG.debug("change feed connection: {}", e.toString()));
              }
              if (!listening.tryComplete()) {
                // listening again: what was announced while the connection was down is lost
                LOG.info(
                    "Change feed listening again; what was announced meanwhile is lost: caches start afresh");
                listeners.forEach(Listener::onMissedChanges);
              }
            })
        .handler(
            message -> {
              LOG.debug("change announced: {}", message);
              listeners.forEach(l -> l.onChange(message));
            });
    return subscriber.connect().compose(v -> listening.future());
  }

  @Override
  public Future<?> stop() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
