package com.chatcrm.engine.schedule;

import java.time.Instant;

/** The latest follow-up of a customer, as a reminder card shows it. */
record LastFollowUp(
    long customerId, String method, String content, Instant happenedAt, String author) {}
