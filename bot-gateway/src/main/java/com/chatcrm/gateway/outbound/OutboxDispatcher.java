package com.chatcrm.gateway.outbound;

import com.chatcrm.engine.outbox.OutboundMessage;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.gateway.BatchDrainer;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. A throttled or failing platform gets the message again later, with a
 * growing pause; an answer that will never succeed (no such recipient) parks it as failed.
 */
public final class OutboxDispatcher extends BatchDrainer {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

  /** Event-bus address to nudge the dispatcher when something was queued. */
  public static final String ADDRESS = "crm.outbox.new";

  /** Answers that retrying cannot cure: all recipients invalid, not permitted, bad parameters. */
  private static final Set<Integer> PERMANENT =
      Set.of(81013, 48002, 301002, 40058, 44004, 45002, 40008);

  private static final int BATCH = 50;
  private static final int MAX_ATTEMPTS = 12;

  private final Outbox outbox;
  private final Map<String, ChannelSender> senders;

  public OutboxDispatcher(Outbox outbox, Map<String, ChannelSender> senders, long pollMillis) {
    super(ADDRESS, pollMillis, BATCH, "Outbox dispatch");
    this.outbox = outbox;
    this.senders = senders;
  }

  /** Sends one batch of due messages; answers how many were claimed. */
  public Future<Integer> sendDue() {
    return drainOnce(BATCH);
  }

  @Override
  protected Future<Integer> drainOnce(int limit) {
    return outbox
        .claimDue(limit)
        .compose(
            batch ->
                Future.join(batch.stream().map(this::send).toList())
                    .otherwiseEmpty()
                    .map(v -> batch.size()));
  }

  private Future<Void> send(OutboundMessage m) {
    ChannelSender sender = senders.get(m.channel());
    if (sender == null) {
      return outbox.giveUp(m, "no sender for channel " + m.channel());
    }
    return sender
        .send(m, ChatMessage.fromJson(m.payload()))
        .compose(ref -> outbox.sent(m, ref))
        .recover(
            e -> {
              if (e instanceof PlatformError pe
                      && (pe.permanent() || PERMANENT.contains(pe.errcode()))
                  || m.attempts() >= MAX_ATTEMPTS) {
                LOG.warn(
                    "Giving up message {} of tenant {} to {}: {}",
                    m.id(),
                    m.tenantId(),
                    m.recipient(),
                    e.getMessage());
                return outbox.giveUp(m, e.getMessage());
              }
              Duration pause =
                  Duration.ofSeconds(Math.min(600, 5L << Math.min(m.attempts() - 1, 7)));
              LOG.info(
                  "Message {} of tenant {} not delivered ({}); again in {} s",
                  m.id(),
                  m.tenantId(),
                  e.getMessage(),
                  pause.toSeconds());
              return outbox.retryLater(m, pause, e.getMessage());
            });
  }
}
