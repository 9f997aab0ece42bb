package com.chatcrm.engine.reminder;

/** Where a reminder stands: waiting, pushed to its owner, done, put off, or called off. */
public enum ReminderStatus {
  PENDING("pending"),
  SENT("sent"),
  DONE("done"),
  SNOOZED("snoozed"),
  CANCELLED("cancelled");

  private final String code;

  ReminderStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Still waiting to be pushed: the states the dispatcher claims and "overdue" counts. */
  public boolean waiting() {
    return this == PENDING || this == SNOOZED;
  }

  /** Not finished: waiting, or pushed and not yet done. */
  public boolean live() {
    return waiting() || this == SENT;
  }

  static ReminderStatus of(String code) {
    for (ReminderStatus s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalStateException("unknown reminder status " + code);
  }
}
