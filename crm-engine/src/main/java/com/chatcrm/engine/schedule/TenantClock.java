package com.chatcrm.engine.schedule;

import java.time.ZoneId;

/** A tenant and its time zone: what the schedulers need to know of it. */
record TenantClock(long tenantId, ZoneId zone) {}
