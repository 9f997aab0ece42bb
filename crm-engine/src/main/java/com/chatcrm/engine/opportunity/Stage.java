package com.chatcrm.engine.opportunity;

/**
 * One step of a tenant's sales process, e.g. 方案报价 60%. {@code probability} is the win rate an
 * opportunity takes when it enters the stage; {@code position} orders the stages.
 */
public record Stage(
    long id, String name, int position, int probability, StageKind kind, boolean active) {

  public boolean open() {
    return kind == StageKind.OPEN;
  }
}
