package com.chatcrm.language;

/**
 * Whether a stage keeps a deal open or closes it as won (赢单) or lost (输单): the language's own copy,
 * so that it needs nothing of the engine; the gateway maps the engine's stage kinds onto it.
 */
public enum StageKind {
  OPEN,
  WON,
  LOST
}
