package com.chatcrm.engine.followup;

import java.time.Instant;

/**
 * A logged follow-up (跟进记录). {@code reminderId} is the reminder made from its next follow-up time,
 * if any; {@code sourceMessageId} the chat message it came from; {@code checkIn} where a 拜访签到 was
 * made (null for any other follow-up).
 */
public record FollowUp(
    long id,
    long customerId,
    String customerName,
    Long opportunityId,
    long authorId,
    String authorName,
    FollowUpMethod method,
    String content,
    Instant happenedAt,
    String nextStep,
    Instant nextFollowUpAt,
    String source,
    String sourceMessageId,
    Long reminderId,
    Instant createdAt,
    boolean deleted,
    CheckIn checkIn) {}
