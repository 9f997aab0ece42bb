package com.chatcrm.engine.salestarget;

import com.chatcrm.engine.error.InvalidInput;
import java.util.Arrays;

/** What a target measures; money metrics are in yuan, the others are counts. */
public enum TargetMetric {
  WON_AMOUNT("won_amount", "赢单金额", true),
  COLLECTIONS("collections", "回款", true),
  NEW_CUSTOMERS("new_customers", "新增客户", false),
  FOLLOW_UPS("follow_ups", "跟进", false);

  private final String code;
  private final String label;
  private final boolean money;

  TargetMetric(String code, String label, boolean money) {
    this.code = code;
    this.label = label;
    this.money = money;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  public boolean money() {
    return money;
  }

  public static TargetMetric of(String code) {
    return Arrays.stream(values())
        .filter(m -> m.code.equals(code))
        .findFirst()
        .orElseThrow(() -> InvalidInput.field("metric", "目标类型只能是 赢单金额、回款、新增客户 或 跟进"));
  }
}
