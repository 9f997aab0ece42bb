package com.chatcrm.engine.schedule;

import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bookkeeping tables from growing without end: callbacks processed long ago, messages sent long
 * ago, remembered chat answers past any platform retry, expired conversation questions. Business records
 * and the audit log are never touched. Deleting twice is harmless, so every node may run it.
 */
public final class RetentionVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  /** How long each kind of row is kept; a batch bounds the inbox and outbox deletes of one pass. */
  public record Settings(Duration tick, Duration inbox, Duration outbox, Duration replies, int batch) {

    public static Settings defaults() {
      return new Settings(Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(2), 5_000);
    }
  }

  private final Inbox inbox;
  private final Outbox outbox;
  private final ReplyLog replies;
  private final ConversationService conversations;
  private final Clock clock;
  private final Settings settings;

  public RetentionVerticle(Pool pool, Clock clock, Settings settings) {
    super(settings.tick(), "Retention", false, Duration.ofMinutes(15));
    this.inbox = new Inbox(pool);
    this.outbox = new Outbox(pool);
    this.replies = new ReplyLog(pool);
    this.conversations = new ConversationService(pool, clock);
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  protected Future<Integer> pass() {
    Instant now = clock.instant();
    return inbox.purgeDone(now.minus(settings.inbox()), settings.batch())
        .compose(a -> outbox.purgeSent(now.minus(settings.outbox()), settings.batch()).map(b -> a + b))
        .compose(n -> replies.purge(now.minus(settings.replies())).map(c -> n + c))
        .compose(n -> conversations.purgeExpired(now).map(d -> n + d))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("Retention removed {} bookkeeping rows", n);
          }
        });
  }
}
