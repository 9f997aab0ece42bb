package com.chatcrm.engine.pool;

import com.chatcrm.engine.customer.CustomerLevel;
import java.time.OffsetDateTime;

/** A customer the nightly reclaim returned to the pool, and whom to tell. */
public record ReclaimedCustomer(
    long customerId,
    String customerName,
    CustomerLevel level,
    long previousOwnerId,
    String previousOwnerName,
    OffsetDateTime lastActivityAt) {}
