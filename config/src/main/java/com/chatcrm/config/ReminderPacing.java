package com.chatcrm.config;

import java.time.Duration;

/**
 * How due reminders are pushed: how often the dispatcher looks, how many messages a tenant and one
 * user may be pushed per minute (all nodes together), how many a quiet tenant may get at once, and
 * after how long a reminder claimed by a node that stopped is taken up again.
 */
public record ReminderPacing(
    Duration tick, int perTenantPerMinute, int perUserPerMinute, int burst, Duration lease) {}
