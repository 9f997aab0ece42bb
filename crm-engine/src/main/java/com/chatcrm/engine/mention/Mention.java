package com.chatcrm.engine.mention;

import java.time.Instant;

/**
 * An @-mention and the small task it carries ("@李四 帮忙跟进一下"), optionally about a customer or deal.
 */
public record Mention(
    long id,
    long fromUserId,
    String fromName,
    long toUserId,
    String toName,
    Long customerId,
    String customerName,
    Long opportunityId,
    String text,
    MentionStatus status,
    String sourceMessageId,
    Instant createdAt,
    Instant doneAt) {}
