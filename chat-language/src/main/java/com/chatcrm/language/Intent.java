package com.chatcrm.language;

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
  /** 客户级别: {@code 星河 级别改成意向}; read before the parser (the gateway's {@code CustomerLevels}). */
  SET_LEVEL,
  /** 撤销 / 撤回 / undo as the whole line; read before the parser (the gateway's {@code TypedUndo}). */
  UNDO,
  UNKNOWN;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
