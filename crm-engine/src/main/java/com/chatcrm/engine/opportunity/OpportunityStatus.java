package com.chatcrm.engine.opportunity;

/** 进行中 / 赢单 / 输单. Stored by code, shown by label; follows the kind of the opportunity's stage. */
public enum OpportunityStatus {
  OPEN("open", "进行中"),
  WON("won", "赢单"),
  LOST("lost", "输单");

  private final String code;
  private final String label;

  OpportunityStatus(String code, String label) {
    this.code = code;
    this.label = label;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  public static OpportunityStatus parse(String code) {
    for (OpportunityStatus status : values()) {
      if (status.code.equals(code)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown opportunity status " + code);
  }

  /** The status an opportunity has while it sits in a stage of this kind. */
  static OpportunityStatus of(StageKind kind) {
    return switch (kind) {
      case OPEN -> OPEN;
      case WON -> WON;
      case LOST -> LOST;
    };
  }
}
