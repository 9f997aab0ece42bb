package com.chatcrm.engine.customer;

import com.chatcrm.engine.error.InvalidInput;
import java.util.Locale;

/** 客户级别: 潜在 / 意向 / 成交 / 流失. Stored by code, shown by label. */
public enum CustomerLevel {
  POTENTIAL("potential", "潜在"),
  INTENT("intent", "意向"),
  DEAL("deal", "成交"),
  LOST("lost", "流失");

  private final String code;
  private final String label;

  CustomerLevel(String code, String label) {
    this.code = code;
    this.label = label;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  /**
   * Accepts the code ({@code intent}), the label ({@code 意向}) or the label with 客户 ({@code 意向客户}).
   */
  public static CustomerLevel parse(String text) {
    if (text == null) {
      throw InvalidInput.field("level", "must be one of 潜在, 意向, 成交, 流失");
    }
    String t = text.strip().toLowerCase(Locale.ROOT).replace("客户", "");
    for (CustomerLevel level : values()) {
      if (level.code.equals(t) || level.label.equals(t)) {
        return level;
      }
    }
    throw InvalidInput.field("level", "'" + text + "' is not one of 潜在, 意向, 成交, 流失");
  }
}
