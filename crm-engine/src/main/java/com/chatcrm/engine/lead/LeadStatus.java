package com.chatcrm.engine.lead;

import java.util.Locale;

/** Where a lead stands: 未处理, 已联系, 无效, 已转化. Only new and contacted leads are live. */
public enum LeadStatus {
  NEW("未处理"),
  CONTACTED("已联系"),
  INVALID("无效"),
  CONVERTED("已转化");

  private final String label;

  LeadStatus(String label) {
    this.label = label;
  }

  /** As stored and in URLs: {@code new}, {@code contacted}, {@code invalid}, {@code converted}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  /** Still to be worked: new or contacted. */
  public boolean live() {
    return this == NEW || this == CONTACTED;
  }

  /** The status of a code; {@link IllegalArgumentException} for an unknown one. */
  public static LeadStatus of(String code) {
    for (LeadStatus s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown lead status: " + code);
  }
}
