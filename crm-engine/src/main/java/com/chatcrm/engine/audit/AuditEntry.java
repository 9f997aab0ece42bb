package com.chatcrm.engine.audit;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** One row of the audit log, as a history view shows it. */
public record AuditEntry(
    long id,
    Long actorId,
    String action,
    String entityType,
    long entityId,
    String source,
    String sourceRef,
    JsonObject changes,
    OffsetDateTime at) {}
