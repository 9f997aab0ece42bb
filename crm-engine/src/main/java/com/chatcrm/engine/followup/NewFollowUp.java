package com.chatcrm.engine.followup;

import java.time.Instant;

/**
 * A follow-up to log. {@code method} is a code or a Chinese word (电话, 拜访, ...); {@code happenedAt}
 * null means now; a {@code nextFollowUpAt} makes a reminder for the author.
 */
public record NewFollowUp(
    long customerId,
    Long opportunityId,
    String method,
    String content,
    Instant happenedAt,
    String nextStep,
    Instant nextFollowUpAt) {

  public static NewFollowUp on(long customerId, String method, String content) {
    return new NewFollowUp(customerId, null, method, content, null, null, null);
  }

  public NewFollowUp at(Instant when) {
    return new NewFollowUp(
        customerId, opportunityId, method, content, when, nextStep, nextFollowUpAt);
  }

  public NewFollowUp forOpportunity(long opportunity) {
    return new NewFollowUp(
        customerId, opportunity, method, content, happenedAt, nextStep, nextFollowUpAt);
  }

  /** The next step and, when not null, when to be reminded of it. */
  public NewFollowUp next(String step, Instant when) {
    return new NewFollowUp(customerId, opportunityId, method, content, happenedAt, step, when);
  }
}
