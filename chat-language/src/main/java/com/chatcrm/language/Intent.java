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
  /**
   * 客户级别: {@code 星河 级别改成意向}, {@code 鼎海 降为潜在}; the parser reads it ({@link LevelSlots}), as the
   * gateway's {@code CustomerLevels} does before it.
   */
  SET_LEVEL,
  /**
   * 撤销 / 撤回 / undo, with at most which entry and politeness around it (撤回刚才那条); the parser reads
   * it, as the gateway's {@code TypedUndo} does before it.
   */
  UNDO,
  /** 改商机: {@code 鼎海的商机 金额改成 60万}, {@code 星河的单子推迟到下个月} (amount / closeDate / stage). */
  EDIT_OPPORTUNITY,
  /** 改联系人: {@code 星河传媒的联系人改成周经理 13700002222} (contact / phone). */
  EDIT_CONTACT,
  /** 删除客户 X: soft, confirmed with one tap, undoable. */
  DELETE_CUSTOMER,
  /** A correction of the user's last entry: {@code 不对，是下周四不是下周三}, {@code 刚才那条写错了，金额是 35万}. */
  CORRECT_LAST,
  /** 提到我的 / @我的: the lines where colleagues @-ed me. */
  MENTIONS_ME,
  /** 李四的客户 / 我的客户: a list of customers, of a colleague (mentions) or mine. */
  LIST_CUSTOMERS,
  /** 我的客户有多少: how many customers (scope me / team). */
  CUSTOMER_COUNT,
  /** 团队今天的跟进: the follow-ups of a day (date, scope). */
  LIST_FOLLOWUPS,
  /** 周报: the week's report. */
  WEEKLY_REPORT,
  /** 导出我的客户 / 导出团队客户: the customer list as an Excel file (a download link). */
  EXPORT_CUSTOMERS,
  /** 生成合同: {@code 星河 生成合同 30万 分两期}, {@code 星河签了合同 12月20日 10万 1月20日 20万} (amount, plan). */
  CREATE_CONTRACT,
  /** 回款: {@code 星河 回款 20万}, {@code 收到星河打款 20万} (customer, amount, date). */
  RECORD_RECEIPT,
  /** 导出本月跟进记录 / 导出上周团队的跟进: the follow-ups of a period as an Excel file (period, scope). */
  EXPORT_FOLLOWUPS,
  /** 导出我的商机 / 导出团队商机: the opportunities as an Excel file (scope). */
  EXPORT_OPPORTUNITIES,
  /**
   * 新线索: {@code 线索 星河科技 张总 13800001111 官网咨询}, {@code 有个线索，…} (customer = the company, contact,
   * phone, content = the note).
   */
  CREATE_LEAD,
  /** 线索转客户: {@code 星河科技 转客户}, {@code 星河线索转商机 30万} (scope {@code deal}: make a deal too). */
  CONVERT_LEAD,
  /** 线索无效: {@code 星河 线索无效 空号} (content = the reason). */
  INVALIDATE_LEAD,
  /** 领取线索 星河: take a lead out of the 线索池. */
  CLAIM_LEAD,
  /** 星河 放回线索池: give a lead back to the 线索池. */
  RELEASE_LEAD,
  /** 我的线索 / 团队线索 / 线索池 (scope me / team / pool). */
  LIST_LEADS,
  UNKNOWN;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
