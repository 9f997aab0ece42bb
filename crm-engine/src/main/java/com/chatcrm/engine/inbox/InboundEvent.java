package com.chatcrm.engine.inbox;

import io.vertx.core.json.JsonObject;

/**
 * A platform callback recorded before it was acknowledged, waiting to be (or already) processed.
 */
public record InboundEvent(
    long tenantId,
    long id,
    String platform,
    String platformKey,
    String kind,
    String sender,
    JsonObject payload,
    int attempts) {}
