package com.chatcrm.engine.lead;

import java.util.List;

/**
 * What a capture did.
 *
 * @param lead the lead created, or the one already captured from the same message ({@code
 *     repeated}), or for an unattended capture the live lead it duplicates; null when not created
 *     because of duplicates the actor must first look at
 * @param repeated the same {@code sourceMessageId} was captured before: nothing new was written
 */
public record LeadCapture(
    Lead lead, List<LeadDuplicate> duplicates, boolean created, boolean repeated) {}
