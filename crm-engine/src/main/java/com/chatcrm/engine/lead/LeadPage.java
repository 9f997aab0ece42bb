package com.chatcrm.engine.lead;

import java.util.List;

/** One page of a lead list, newest first; pass {@code nextCursor} for the next, null at the end. */
public record LeadPage(List<Lead> items, Long nextCursor) {}
