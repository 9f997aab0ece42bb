package com.chatcrm.engine.reminder;

import java.time.Instant;
import java.util.List;

/**
 * One reminder, or one occurrence of a repeating one. {@code repeatAnchor} is the series' first due
 * time; {@code nextId} the occurrence scheduled after this one, once it is.
 */
public record Reminder(
    long id,
    long ownerId,
    Long customerId,
    String customerName,
    Long followUpId,
    Instant dueAt,
    RepeatRule repeatRule,
    Instant repeatAnchor,
    List<String> channels,
    String text,
    ReminderStatus status,
    long createdBy,
    Instant createdAt,
    Instant updatedAt,
    Instant sentAt,
    int version,
    Long nextId) {

  /**
   * Due before {@code now} and not finished: still waiting, or pushed and not acted on (once, not
   * per repeat).
   */
  public boolean overdue(Instant now) {
    boolean open = status.waiting() || status == ReminderStatus.SENT && !repeatRule.repeats();
    return open && dueAt.isBefore(now);
  }
}
