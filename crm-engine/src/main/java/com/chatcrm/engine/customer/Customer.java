package com.chatcrm.engine.customer;

import java.time.OffsetDateTime;
import java.util.List;

/** A customer as the actor may see it. {@code ownerId} is null while it sits in the pool (公海). */
public record Customer(
    long id,
    String name,
    String shortName,
    List<String> aliases,
    String industry,
    String region,
    String source,
    CustomerLevel level,
    List<String> phones,
    String address,
    List<String> tags,
    Long ownerId,
    String ownerName,
    boolean inPool,
    List<Long> collaboratorIds,
    OffsetDateTime lastFollowUpAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    int version,
    boolean deleted) {}
