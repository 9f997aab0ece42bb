package com.chatcrm.engine.lead;

import java.util.Locale;

/** Where a lead was captured: 聊天, 微应用, 导入, 网页表单, 接口. */
public enum LeadSource {
  CHAT("聊天"),
  MINI_APP("微应用"),
  IMPORT("导入"),
  WEBFORM("网页表单"),
  API("接口");

  private final String label;

  LeadSource(String label) {
    this.label = label;
  }

  /** As stored: {@code chat}, {@code mini_app}, {@code import}, {@code webform}, {@code api}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  /** The source of a code; {@link IllegalArgumentException} for an unknown one. */
  public static LeadSource of(String code) {
    for (LeadSource s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown lead source: " + code);
  }
}
