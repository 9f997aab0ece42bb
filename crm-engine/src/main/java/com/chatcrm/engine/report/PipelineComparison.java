package com.chatcrm.engine.report;

/**
 * One figure for this period, the previous one, and the change between them (current − previous).
 */
public record PipelineComparison(
    PipelineFigures current, PipelineFigures previous, PipelineFigures change) {

  public static PipelineComparison of(PipelineFigures current, PipelineFigures previous) {
    return new PipelineComparison(current, previous, current.minus(previous));
  }
}
