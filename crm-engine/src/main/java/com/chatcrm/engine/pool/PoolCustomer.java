package com.chatcrm.engine.pool;

import com.chatcrm.engine.customer.CustomerLevel;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A customer in the pool as every member of the tenant may see it, with who held it last (null when
 * it never had an owner through the pool, e.g. imported straight into it).
 */
public record PoolCustomer(
    long id,
    String name,
    String shortName,
    String industry,
    String region,
    CustomerLevel level,
    List<String> phones,
    List<String> tags,
    OffsetDateTime poolSince,
    OffsetDateTime lastFollowUpAt,
    Long previousOwnerId,
    String previousOwnerName,
    int version) {}
