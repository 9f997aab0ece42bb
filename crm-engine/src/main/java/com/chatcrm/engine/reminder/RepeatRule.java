package com.chatcrm.engine.reminder;

import com.chatcrm.engine.error.InvalidInput;
import java.util.Locale;

/** How a reminder repeats: 不重复 / 每天 / 工作日 / 每周 / 每月 / 每月底. Stored by code, shown by label. */
public enum RepeatRule {
  NONE("none", "不重复"),
  DAILY("daily", "每天"),
  WEEKDAYS("weekdays", "工作日"),
  WEEKLY("weekly", "每周"),
  MONTHLY("monthly", "每月"),
  /** The last day of every month, at the anchor's time of day. */
  MONTH_END("month_end", "每月底");

  private final String code;
  private final String label;

  RepeatRule(String code, String label) {
    this.code = code;
    this.label = label;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  public boolean repeats() {
    return this != NONE;
  }

  /**
   * Accepts the code ({@code weekdays}) or the label ({@code 工作日}); null or blank means {@link
   * #NONE}.
   */
  public static RepeatRule parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (RepeatRule rule : values()) {
      if (rule.code.equals(t) || rule.label.equals(t)) {
        return rule;
      }
    }
    throw InvalidInput.field("repeatRule", "'" + text + "' 不是 不重复、每天、工作日、每周、每月、每月底 之一");
  }
}
