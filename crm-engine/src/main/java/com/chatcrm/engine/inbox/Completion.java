package com.chatcrm.engine.inbox;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What handling one inbound event left to write besides its own work: the replies to queue and the
 * answer to remember under the message's key. {@link Inbox#complete} writes those of a whole batch
 * with the events' completion in one statement, so a reply is queued exactly when its event is
 * done.
 */
public final class Completion {

  /** A reply to queue in the outbox, ahead of every pushed message. */
  public record Reply(String channel, String recipient, JsonObject payload, String dedupeKey) {}

  private final InboundEvent event;
  private final List<Reply> replies = new ArrayList<>(1);
  private String rememberKey;
  private JsonObject remembered;

  public Completion(InboundEvent event) {
    this.event = event;
  }

  public InboundEvent event() {
    return event;
  }

  /** Queues {@code payload} to {@code recipient} once the event is done. */
  public Completion reply(String channel, String recipient, JsonObject payload, String dedupeKey) {
    replies.add(new Reply(channel, recipient, payload, dedupeKey));
    return this;
  }

  /**
   * Remembers {@code answer} under {@code messageKey} (the first remembered stays), so that the
   * message handled again repeats it.
   */
  public Completion remember(String messageKey, JsonObject answer) {
    this.rememberKey = messageKey;
    this.remembered = answer;
    return this;
  }

  public List<Reply> replies() {
    return replies;
  }

  public String rememberKey() {
    return rememberKey;
  }

  public JsonObject remembered() {
    return remembered;
  }
}
