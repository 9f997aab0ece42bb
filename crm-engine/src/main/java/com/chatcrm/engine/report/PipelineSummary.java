package com.chatcrm.engine.report;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The sales funnel (销售漏斗) for a scope and a period, compared with the previous period.
 *
 * <p>{@code stages} and {@code open} describe the open opportunities as they stood at the end of
 * each period ({@code asOf}, {@code previousAsOf}; a running period ends now). {@code won} and
 * {@code lost} count the opportunities that are won or lost today and closed within each period.
 */
public record PipelineSummary(
    PipelineScope scope,
    ZoneId zone,
    PipelinePeriod period,
    PipelinePeriod previousPeriod,
    OffsetDateTime asOf,
    OffsetDateTime previousAsOf,
    List<PipelineStageLine> stages,
    PipelineComparison open,
    PipelineComparison won,
    PipelineComparison lost) {}
