package com.chatcrm.engine.outbox;

import io.vertx.core.json.JsonObject;

/** A message queued for a channel (wecom, dingtalk, email) and one recipient. */
public record OutboundMessage(
    long tenantId, long id, String channel, String recipient, JsonObject payload, int attempts) {}
