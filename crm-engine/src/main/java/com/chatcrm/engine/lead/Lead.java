package com.chatcrm.engine.lead;

import java.time.Instant;
import java.util.List;

/**
 * A lead as the actor may see it. {@code ownerId} is null while it sits in the 线索池; {@code
 * customerId} and {@code opportunityId} are set once it is converted.
 */
public record Lead(
    long id,
    String company,
    String contactName,
    List<String> phones,
    LeadSource source,
    LeadStatus status,
    Long ownerId,
    String ownerName,
    String region,
    String industry,
    String note,
    String invalidReason,
    Long customerId,
    Long opportunityId,
    Instant createdAt,
    Instant updatedAt,
    int version) {

  /** In the 线索池: nobody owns it. */
  public boolean inPool() {
    return ownerId == null;
  }
}
