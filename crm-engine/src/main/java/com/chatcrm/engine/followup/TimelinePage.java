package com.chatcrm.engine.followup;

import java.util.List;

/**
 * One page of a customer's follow-ups, newest first; {@code nextCursor} is null on the last page.
 */
public record TimelinePage(List<FollowUp> items, String nextCursor) {}
