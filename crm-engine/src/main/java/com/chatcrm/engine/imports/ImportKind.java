package com.chatcrm.engine.imports;

import java.util.Locale;

/**
 * What an import makes of its rows: customers (导入客户) or leads (导入线索). Both go through the same
 * jobs, preview, background worker and result; only the checks and what a new row creates differ.
 */
public enum ImportKind {
  CUSTOMER("客户", "一个客户"),
  LEAD("线索", "一条线索");

  private final String label;
  private final String one;

  ImportKind(String label, String one) {
    this.label = label;
    this.one = one;
  }

  /** 一个客户 / 一条线索: what one row of the file holds. */
  public String one() {
    return one;
  }

  /** As stored and in the API: {@code customer}, {@code lead}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** 客户 / 线索, as in 客户导入完成. */
  public String label() {
    return label;
  }

  /** The kind of a code; null for an unknown one. */
  public static ImportKind of(String code) {
    for (ImportKind k : values()) {
      if (k.code().equals(code)) {
        return k;
      }
    }
    return null;
  }
}
