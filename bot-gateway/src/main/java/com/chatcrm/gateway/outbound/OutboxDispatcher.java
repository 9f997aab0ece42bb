package com.chatcrm.gateway.outbound;

import com.chatcrm.engine.outbox.OutboundMessage;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.gateway.BatchDrainer;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /** Calls open at once per company. */
  static final int PER_TENANT = 8;

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

  /**
   * Sends a claimed batch, up to {@link #PER_TENANT} at a time per company, and marks what was
   * delivered sent in one statement: a drain costs two statements, not one per message.
   */
  @Override
  protected Future<Integer> drainOnce(int limit) {
    return outbox
        .claimDue(limit)
        .compose(
            batch -> {
              List<OutboundMessage> delivered = new ArrayList<>();
              List<String> refs = new ArrayList<>();
              List<Future<Void>> sends = new ArrayList<>();
              for (List<OutboundMessage> lane : lanes(batch)) {
                Future<Void> previous = Future.succeededFuture();
                for (OutboundMessage m : lane) {
                  previous =
                      previous.transform(
                          x ->
                              send(m)
                                  .map(
                                      sent -> {
                                        if (sent != null) {
                                          delivered.add(m);
                                          refs.add(sent.platformRef());
                                        }
                                        return null;
                                      }));
                }
                sends.add(previous);
              }
              return Future.join(sends)
                  .otherwiseEmpty()
                  .compose(v -> outbox.sentAll(delivered, refs))
                  .map(v -> batch.size());
            });
  }

  /**
   * A batch's messages in lanes, each sent one after another, at most {@link #PER_TENANT} lanes per
   * tenant: a burst for one company never has more than that many calls open at its platform, one
   * person's messages keep their order, and the lanes of different companies run side by side.
   */
  static List<List<OutboundMessage>> lanes(List<OutboundMessage> batch) {
    Map<Long, List<List<OutboundMessage>>> byTenant = new java.util.LinkedHashMap<>();
    for (OutboundMessage m : batch) {
      List<List<OutboundMessage>> lanes =
          byTenant.computeIfAbsent(
              m.tenantId(),
              t -> {
                List<List<OutboundMessage>> l = new ArrayList<>(PER_TENANT);
                for (int i = 0; i < PER_TENANT; i++) {
                  l.add(new ArrayList<>());
                }
                return l;
              });
      // one recipient's messages share a lane: they arrive in the order they were queued
      lanes.get(Math.floorMod(String.valueOf(m.recipient()).hashCode(), PER_TENANT)).add(m);
    }
    List<List<OutboundMessage>> out = new ArrayList<>();
    byTenant.values().forEach(l -> l.stream().filter(x -> !x.isEmpty()).forEach(out::add));
    return out;
  }

  /** A delivered message's reference on the platform (null if it gave none). */
  private record Sent(String platformRef) {}

  /** Delivers one message: null when it was put back for later or given up. */
  private Future<Sent> send(OutboundMessage m) {
    ChannelSender sender = senders.get(m.channel());
    if (sender == null) {
      return outbox.giveUp(m, "no sender for channel " + m.channel()).map((Sent) null);
    }
    return sender
        .send(m, ChatMessage.fromJson(m.payload()))
        .map(Sent::new)
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
                return outbox.giveUp(m, e.getMessage()).map((Sent) null);
              }
              Duration pause =
                  Duration.ofSeconds(Math.min(600, 5L << Math.min(m.attempts() - 1, 7)));
              LOG.info(
                  "Message {} of tenant {} not delivered ({}); again in {} s",
                  m.id(),
                  m.tenantId(),
                  e.getMessage(),
                  pause.toSeconds());
              return outbox.retryLater(m, pause, e.getMessage()).map((Sent) null);
            });
  }
}
