package com.chatcrm.gateway.command;

import com.chatcrm.engine.error.EngineException;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What every command's card shares: how times, days and amounts read in Chinese, how long a button
 * label may be, the engine's refusals in words, and the help and not-understood cards.
 */
final class CardTexts {

  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.CHINA);
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日", Locale.CHINA);

  private CardTexts() {}

  static ChatMessage notUnderstood() {
    return new ChatMessage(
        "没太明白",
        "可以直接说一句，例如「跟进 星河 电话聊了续费 下周四再约」或「提醒我 明天上午10点 回访华为」。",
        List.of(),
        List.of(new Button("cmd:帮助", "查看用法")));
  }

  static ChatMessage help() {
    return new ChatMessage(
        "Chat CRM 使用帮助",
        String.join(
            "\n",
            "- 线索 星河科技 张总 13800001111 官网咨询 ／ 星河科技 转客户 30万 ／ 我的线索",
            "- 新客户 星河传媒 联系人 周经理 13700002222",
            "- 跟进 星河 电话聊了续费 下周四下午再约",
            "- 昨天去星河开了需求会",
            "- 提醒我 周四 16:00 给星河发合同",
            "- 商机 星河 年度框架 45万 方案报价",
            "- 星河框架合同推进到谈判签约 ／ 星河 赢单",
            "- 星河 生成合同 30万 分两期 ／ 星河 回款 15万 ／ 本月业绩",
            "- 星河 级别改成意向 ／ 撤销（撤销上一步改动）",
            "- 查 星河 ／ 待办 ／ 漏斗 团队 ／ 公海 ／ 领取 星河",
            "- 把星河转给 @李四 ／ @周七 星河的报价你帮忙看下"),
        List.of(),
        List.of(new Button("cmd:待办", "我的待办"), new Button("cmd:漏斗", "我的漏斗")));
  }

  /** Chat platforms show about ten characters on a button. */
  static String label(String s) {
    return s.codePointCount(0, s.length()) <= 10
        ? s
        : s.substring(0, s.offsetByCodePoints(0, 9)) + "…";
  }

  /** The engine's own words when they are Chinese, else a plain Chinese sentence for its code. */
  static String inChinese(EngineException e) {
    String m = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^[A-Za-z]+: ", "");
    if (m.codePoints().anyMatch(Character::isIdeographic)) {
      return m;
    }
    return switch (e.code()) {
      case "forbidden" -> "你没有权限操作这条记录，可以请负责人把你加为协同人。";
      case "not_found" -> "没有找到这条记录，可能已被删除。";
      case "stale_version" -> "记录刚被别人修改过，请再试一次。";
      case "duplicate" -> "已有相同的记录。";
      case "limit_reached" -> "已达到公司设定的上限。";
      case "invalid_input" -> "信息不完整或格式不对，请检查后再试。";
      default -> "暂时无法完成，请稍后再试。";
    };
  }

  static String money(BigDecimal amount) {
    if (amount == null) {
      return "¥0";
    }
    if (amount.abs().compareTo(new BigDecimal("10000")) >= 0) {
      return "¥"
          + amount.divide(new BigDecimal("10000")).stripTrailingZeros().toPlainString()
          + "万";
    }
    return "¥" + amount.stripTrailingZeros().toPlainString();
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}
