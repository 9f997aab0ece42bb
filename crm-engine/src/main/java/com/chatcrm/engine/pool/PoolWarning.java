package com.chatcrm.engine.pool;

import com.chatcrm.engine.customer.CustomerLevel;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A private customer that will return to the pool soon, for telling its owner: "客户X 已 27 天未跟进， 将于
 * 3月31日 退回公海". {@code reclaimOn} is a day in the tenant's time zone.
 */
public record PoolWarning(
    long customerId,
    String customerName,
    CustomerLevel level,
    long ownerId,
    String ownerName,
    OffsetDateTime lastActivityAt,
    LocalDate reclaimOn,
    int daysLeft) {}
