package com.chatcrm.engine.opportunity;

import java.time.OffsetDateTime;

/**
 * One entry of an opportunity's stage history: who moved it from where to where, and when. The
 * first entry of every opportunity has no {@code fromStageId}: it records the stage it was created
 * in.
 */
public record StageMove(
    long id,
    Long fromStageId,
    String fromStageName,
    long toStageId,
    String toStageName,
    long movedBy,
    String movedByName,
    OffsetDateTime movedAt) {}
