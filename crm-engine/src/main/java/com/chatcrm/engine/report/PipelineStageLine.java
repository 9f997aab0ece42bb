package com.chatcrm.engine.report;

/** The open opportunities in one active open stage, at the end of each period. */
public record PipelineStageLine(
    long stageId, String name, int probability, PipelineComparison figures) {}
