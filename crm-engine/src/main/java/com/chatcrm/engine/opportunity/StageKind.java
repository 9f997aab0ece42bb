package com.chatcrm.engine.opportunity;

/** Whether a stage keeps an opportunity open or closes it as won (赢单) or lost (输单). */
public enum StageKind {
  OPEN("open"),
  WON("won"),
  LOST("lost");

  private final String code;

  StageKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static StageKind parse(String code) {
    for (StageKind kind : values()) {
      if (kind.code.equals(code)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown stage kind " + code);
  }
}
