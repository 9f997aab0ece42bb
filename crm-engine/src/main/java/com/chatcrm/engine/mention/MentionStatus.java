package com.chatcrm.engine.mention;

/**
 * Where a mention (task) stands: open until its target marks it done, or its sender calls it off.
 */
public enum MentionStatus {
  OPEN("open"),
  DONE("done"),
  CANCELLED("cancelled");

  private final String code;

  MentionStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  static MentionStatus of(String code) {
    for (MentionStatus s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalStateException("unknown mention status " + code);
  }
}
