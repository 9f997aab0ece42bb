package com.chatcrm.gateway.command;

/** What a line asks for. {@link #code()} is the name shown by /sandbox/parse. */
public enum Intent {
  ADD_CUSTOMER,
  LOG_FOLLOWUP,
  SET_REMINDER,
  ADD_OPPORTUNITY,
  MOVE_STAGE,
  FIND_CUSTOMER,
  PIPELINE,
  DAILY_REPORT,
  TODO,
  POOL,
  CLAIM,
  TRANSFER,
  MENTION,
  HELP,
  UNKNOWN;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
