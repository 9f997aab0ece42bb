package com.chatcrm.engine.notify;

/**
 * How to reach one user: the tenant's platform and the user's id on it, and an email address if the
 * user has one. {@code prefersEmail}: the user asked for pushed messages by email as well.
 */
public record Recipient(
    long tenantId,
    long userId,
    String platform,
    String platformUserId,
    String email,
    boolean prefersEmail,
    boolean active) {}
