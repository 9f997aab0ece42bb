package com.chatcrm.engine.reminder;

import java.time.Instant;
import java.util.List;

/**
 * A reminder to create. {@code ownerId} null means the actor; {@code repeatRule} null means none;
 * {@code channels} null or empty means chat.
 */
public record NewReminder(
    Long ownerId,
    Long customerId,
    Instant dueAt,
    RepeatRule repeatRule,
    List<String> channels,
    String text) {

  public static NewReminder at(Instant dueAt, String text) {
    return new NewReminder(null, null, dueAt, RepeatRule.NONE, List.of(), text);
  }

  public NewReminder forOwner(long owner) {
    return new NewReminder(owner, customerId, dueAt, repeatRule, channels, text);
  }

  public NewReminder aboutCustomer(long customer) {
    return new NewReminder(ownerId, customer, dueAt, repeatRule, channels, text);
  }

  public NewReminder repeating(RepeatRule rule) {
    return new NewReminder(ownerId, customerId, dueAt, rule, channels, text);
  }

  public NewReminder via(String... channelCodes) {
    return new NewReminder(ownerId, customerId, dueAt, repeatRule, List.of(channelCodes), text);
  }
}
