package com.chatcrm.engine.schedule;

import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.inbox.CallbackSignatures;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bookkeeping tables from growing without end: callbacks processed long ago, messages
 * sent long ago, remembered chat answers past any platform retry, expired conversation questions,
 * callback signatures past their window. Business records and the audit log are never touched.
 * Deleting twice is harmless, so every node may run it.
 */
public final class RetentionVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  /**
   * How long each kind of row is kept; a batch bounds the inbox and outbox deletes of one pass. The
   * inbox keeps a processed callback's key, which is what makes a replay of it a no-op: it must
   * outlive every window in which the callback's signed timestamp is still accepted (received up to
   * one window before that timestamp, replayable up to one window after), so a shorter setting is
   * refused.
   */
  public record Settings(
      Duration tick, Duration inbox, Duration outbox, Duration replies, int batch) {

    public Settings {
      Duration replayable = Inbox.WIDEST_CALLBACK_WINDOW.multipliedBy(2);
      if (inbox.compareTo(replayable) <= 0) {
        throw new IllegalArgumentException(
            "inbox retention "
                + inbox
                + " must be longer than "
                + replayable
                + ", the longest time a callback can be replayed after it was received");
      }
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(2), 5_000);
    }
  }

  private final Inbox inbox;
  private final CallbackSignatures signatures;
  private final Outbox outbox;
  private final ReplyLog replies;
  private final ConversationService conversations;
  private final Clock clock;
  private final Settings settings;

  public RetentionVerticle(Pool pool, Clock clock, Settings settings) {
    super(settings.tick(), "Retention", false, Duration.ofMinutes(15));
    this.inbox = new Inbox(pool);
    this.signatures = new CallbackSignatures(pool);
    this.outbox = new Outbox(pool);
    this.replies = new ReplyLog(pool);
    this.conversations = new ConversationService(pool, clock);
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * One pass deletes batch after batch while a table still has old rows, for up to {@link
   * #PASS_BUDGET}: one batch an hour kept up with barely more than one callback a second.
   */
  static final Duration PASS_BUDGET = Duration.ofMinutes(5);

  @Override
  protected Future<Integer> pass() {
    Instant now = clock.instant();
    long until = System.nanoTime() + PASS_BUDGET.toNanos();
    int batch = settings.batch();
    return repeat(() -> inbox.purgeDone(now.minus(settings.inbox()), batch), batch, until, 0)
        .compose(
            a ->
                repeat(() -> outbox.purgeSent(now.minus(settings.outbox()), batch), batch, until, 0)
                    .map(b -> a + b))
        .compose(n -> replies.purge(now.minus(settings.replies())).map(c -> n + c))
        .compose(n -> conversations.purgeExpired(now).map(d -> n + d))
        .compose(
            n -> repeat(() -> signatures.purgeExpired(now, batch), batch, until, 0).map(e -> n + e))
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info("Retention removed {} bookkeeping rows", n);
              }
            });
  }

  /** Runs {@code delete} until it removes less than a full batch or the pass's time is spent. */
  private static Future<Integer> repeat(
      Supplier<Future<Integer>> delete, int batch, long untilNanos, int sofar) {
    return delete
        .get()
        .compose(
            n ->
                n < batch || System.nanoTime() > untilNanos
                    ? Future.succeededFuture(sofar + n)
                    : repeat(delete, batch, untilNanos, sofar + n));
  }
}
