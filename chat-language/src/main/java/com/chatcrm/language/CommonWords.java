package com.chatcrm.language;

import com.hankcs.hanlp.dictionary.CoreDictionary;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words too common to stand for a customer on their own. A DERIVED form (never the full name or an
 * alias someone typed) that is one of them does not link: customer 明天科技有限公司 must not turn every 明天
 * into a link, nor 中国移动通信集团 every 中国.
 */
final class CommonWords {

  /**
   * A word HanLP's core dictionary (the portable "mini" one) counts at least this often is everyday
   * language. Measured there: 中国 3358, 今天 867, 明天 98, 长城 43, 移动 46, 客户 48, 光明 30 are out; 天天 24, 新华
   * 21, 平安 17, 联想 15, 华为 5, 星河 3, 蓝鲸 1 and unknown words (0) stay linkable. 30 keeps brands people
   * do say alone and drops the words every chat line is made of.
   */
  static final int FREQUENT = 30;

  private static final Pattern TIME =
      Pattern.compile(
          "(大?[前后]|[今明昨])[天日晚早]|[今明去前后]年|(上|下|本|这|今|每)?(个)?(周|星期|礼拜|月|季度|年)[一二三四五六日天末底初]?"
              + "|[上下中]午|早上|晚上|傍晚|凌晨|夜里|周末|月[初底中]|年[初底中]|[春秋]节|国庆|元旦|中秋|端午|五一|清明|十一"
              + "|现在|马上|立刻|刚才|以后|之前|之后|下班|上班");

  /** Words of the command language itself, which a line carries whatever customer it names. */
  private static final Set<String> COMMAND =
      Set.of(
          "跟进", "提醒", "商机", "客户", "新客户", "查询", "联系人", "电话", "拜访", "微信", "邮件", "会议", "报价", "合同",
          "签约", "赢单", "输单", "待办", "日报", "周报", "业绩", "公海", "领取", "转给", "转移", "级别", "意向", "潜在", "成交",
          "删除", "撤销", "帮助", "团队", "方案", "金额", "阶段", "备注", "记录", "通话", "单子", "老板", "经理", "总监", "那边",
          "这边", "我们", "他们", "你们", "对方", "同事", "领导", "产品", "价格", "预算", "采购", "项目", "需求", "发票", "付款",
          "回款", "订单", "样品", "演示", "培训", "上门", "见面", "吃饭", "约见", "续约", "续费", "合作");

  /** English words of a mixed line, which a pinyin form or initials must not take for a name. */
  private static final Set<String> ENGLISH =
      Set.of(
          "call",
          "log",
          "with",
          "about",
          "follow",
          "up",
          "next",
          "the",
          "and",
          "for",
          "send",
          "meet",
          "mail",
          "email",
          "visit",
          "note",
          "todo",
          "add",
          "new",
          "find",
          "show",
          "list",
          "team",
          "mine",
          "deal",
          "lost",
          "won",
          "stage",
          "remind",
          "me",
          "to",
          "at",
          "on",
          "in",
          "of",
          "by",
          "from",
          "this",
          "that",
          "week",
          "day",
          "today",
          "monday",
          "friday",
          "sunday",
          "pls",
          "asap",
          "ok",
          "yes",
          "no",
          "not",
          "can",
          "let",
          "get",
          "set",
          "via",
          "wechat",
          "ding",
          "help",
          "undo",
          "hey",
          "hi",
          "hello",
          "thanks",
          "price",
          "pricing",
          "renewal",
          "contract",
          "customer",
          "client",
          "lead",
          "leads",
          "sales",
          "quote",
          "demo");

  private CommonWords() {}

  /**
   * Whether the span {@code [start, end)} of {@code text} cuts an everyday word at an edge: 天海 in
   * 今天海边 is the end of 今天, not a customer. Only a derived form is refused so.
   */
  static boolean cutsAWord(String text, int start, int end) {
    return (start > 0 && frequent(text.substring(start - 1, start + 1)))
        || (end < text.length() && frequent(text.substring(end - 1, end + 1)));
  }

  private static boolean frequent(String pair) {
    return NameForms.allHan(pair) && CoreDictionary.getTermFrequency(pair) >= FREQUENT;
  }

  /** Whether a derived form is refused as a link on its own. */
  static boolean refuses(String form) {
    String f = form.strip();
    if (f.codePointCount(0, f.length()) < 2) {
      return true;
    }
    if (NameForms.hanCount(f) == 0) {
      return ENGLISH.contains(f.toLowerCase(Locale.ROOT));
    }
    return TIME.matcher(f).matches()
        || COMMAND.contains(f)
        || CompanyWords.REGIONS.contains(f)
        || CompanyWords.INDUSTRIES.contains(f)
        || CompanyWords.SUFFIXES.contains(f)
        || CoreDictionary.getTermFrequency(f) >= FREQUENT;
  }
}
