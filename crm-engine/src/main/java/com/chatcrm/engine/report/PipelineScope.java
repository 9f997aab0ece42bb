package com.chatcrm.engine.report;

/** Whose opportunities a pipeline summary counts, by their owner. */
public enum PipelineScope {
  /** The actor's own. */
  ME,
  /**
   * The actor's and everyone's in the department subtrees they manage; for a rep the same as ME.
   */
  TEAM,
  /** The whole company; admins only. */
  TENANT
}
