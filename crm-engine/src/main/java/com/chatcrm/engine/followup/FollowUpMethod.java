package com.chatcrm.engine.followup;

import com.chatcrm.engine.error.InvalidInput;
import java.util.List;
import java.util.Locale;

/** 跟进方式: 电话 / 拜访 / 微信 / 邮件 / 会议 / 其他. Stored by code, shown by label. */
public enum FollowUpMethod {
  CALL("call", "电话", List.of("打电话", "通话", "电联", "phone")),
  VISIT("visit", "拜访", List.of("上门", "面访", "上门拜访")),
  WECHAT("wechat", "微信", List.of("weixin", "wx")),
  EMAIL("email", "邮件", List.of("邮箱", "电邮", "mail")),
  MEETING("meeting", "会议", List.of("开会", "会面", "视频会议")),
  OTHER("other", "其他", List.of("其它"));

  private final String code;
  private final String label;
  private final List<String> synonyms;

  FollowUpMethod(String code, String label, List<String> synonyms) {
    this.code = code;
    this.label = label;
    this.synonyms = synonyms;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  /**
   * Accepts the code ({@code call}), the label ({@code 电话}) or a common way of saying it ({@code
   * 打电话}); null or blank means {@link #OTHER}.
   */
  public static FollowUpMethod parse(String text) {
    if (text == null || text.isBlank()) {
      return OTHER;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (FollowUpMethod m : values()) {
      if (m.code.equals(t) || m.label.equals(t) || m.synonyms.contains(t)) {
        return m;
      }
    }
    throw InvalidInput.field("method", "'" + text + "' 不是 电话、拜访、微信、邮件、会议、其他 之一");
  }
}
