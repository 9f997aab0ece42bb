package com.chatcrm.engine.tenant;

import java.time.ZoneId;

/** One company on one platform. */
public record Tenant(long id, String platform, String corpId, String name, ZoneId timeZone) {}
