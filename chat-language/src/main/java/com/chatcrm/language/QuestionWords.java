package com.chatcrm.language;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-line questions and commands with a grammar of their own: 撤销 (undo), 提到我的 / @我的, 李四的客户 /
 * 我的客户, 我的客户有多少, 团队今天的跟进, 周报. Only a line that is nothing but the question matches, so that a note
 * mentioning 周报 (跟进 星河 客户说周报要改) stays a note.
 */
final class QuestionWords {

  /** Mirrors the gateway's TypedUndo: the whole line, nothing else. */
  private static final Pattern UNDO =
      Pattern.compile("(?i)(撤销|撤回|撤消|undo)(一下|上一步|刚才的?(操作|改动|修改)?|上一条)?[!.。]*");

  private static final Pattern MENTIONS_ME =
      Pattern.compile(
          "(?i)(看看|查看|查下|我的)?(提到我的|@我的|at我的|艾特我的|谁@了?我|谁艾特了?我|谁提到了?我|提及我的|@我)(了|吗|没有|的)?(消息|记录|内容)?[?]?");

  /** A colleague is called by name (李四, 老王, 小李): a common surname first, unlike most brands. */
  private static final String PERSON =
      "(?:[老小]?[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤]\\p{IsHan}{1,2})";

  private static final String WHOSE = "((?:我|我们|团队|全组|大家)的?|@?(" + PERSON + ")的)";
  private static final Pattern LIST_CUSTOMERS =
      Pattern.compile(
          "(?:看看|看下|看一下|查看|查一下|查下|列出|列一下|显示)?" + WHOSE + "(?:所有|全部)?客户(?:列表|名单|有哪些|都有谁|有谁)?[?]?");
  private static final Pattern CUSTOMER_COUNT =
      Pattern.compile(
          WHOSE
              + "?客户(?:有多少个?家?|有几个|有几家|数量?|总数|一共多少|一共有多少|多少个|多少家|几个|几家)(?:了|呢)?[?]?"
              + "|(我|我们|团队)(?:一共)?有(?:多少|几)个?家?客户[?]?");
  private static final Pattern LIST_FOLLOWUPS =
      Pattern.compile(
          "(?:看看|看下|查看)?(团队|我们|大家|全组|我)?的?(今天|昨天|本周|这周|上周|前天|\\d{1,2}月\\d{1,2}[日号])?的?"
              + "(?:跟进|跟进记录|跟进情况|跟进列表)(?:有哪些|都有哪些|记录)?[?]?");
  private static final Pattern WEEKLY_REPORT =
      Pattern.compile("(?i)(?:看看|看下|看|发|生成)?(本周|这周|上周|团队|我的)?的?(?:周报|weeklyreport)");

  /** English: my customers, team customers, how many customers, mentions. */
  private static final Pattern ENGLISH =
      Pattern.compile(
          "(my|team)customers|howmanycustomers(doi?have)?|(my)?mentions|whomentionedme");

  private static final Pattern WEEK = Pattern.compile("本周|这周|上周");
  private static final Pattern TEAM = Pattern.compile("团队|我们|大家|全组|全员|下属");

  private QuestionWords() {}

  /** Whether the line is one of these; then its intent and slots are set. */
  static boolean read(ParseRun r) {
    String t = r.text.toLowerCase(Locale.ROOT).replace(" ", "");
    if (UNDO.matcher(t).matches()) {
      return set(r, Intent.UNDO);
    }
    if (MENTIONS_ME.matcher(t).matches()) {
      r.mentions.clear();
      return set(r, Intent.MENTIONS_ME);
    }
    Matcher english = ENGLISH.matcher(t);
    if (english.matches()) {
      r.scope = t.startsWith("team") ? "team" : "me";
      return set(
          r,
          t.contains("mention")
              ? Intent.MENTIONS_ME
              : t.startsWith("howmany") ? Intent.CUSTOMER_COUNT : Intent.LIST_CUSTOMERS);
    }
    Matcher list = LIST_CUSTOMERS.matcher(t);
    if (list.matches() && !r.linked()) {
      whose(r, list.group(1), list.group(2));
      return set(r, Intent.LIST_CUSTOMERS);
    }
    Matcher count = CUSTOMER_COUNT.matcher(t);
    if (count.matches() && !r.linked()) {
      whose(r, count.group(1) != null ? count.group(1) : count.group(3), count.group(2));
      if (r.scope == null && r.mentions.isEmpty()) {
        r.scope = "me";
      }
      return set(r, Intent.CUSTOMER_COUNT);
    }
    if (LIST_FOLLOWUPS.matcher(t).matches() && !r.linked()) {
      r.scope = TEAM.matcher(t).find() ? "team" : "me";
      if (r.date == null && !WEEK.matcher(t).find()) {
        r.date =
            r.dateOnlyToday != null
                ? r.dateOnlyToday.toLocalDate()
                : r.due != null ? r.due.toLocalDate() : null;
      }
      r.due = null;
      return set(r, Intent.LIST_FOLLOWUPS);
    }
    if (WEEKLY_REPORT.matcher(t).matches()) {
      r.scope = TEAM.matcher(t).find() ? "team" : "me";
      r.date = null;
      r.due = null;
      return set(r, Intent.WEEKLY_REPORT);
    }
    return false;
  }

  /** 我的 → scope me; 团队的 → team; 李四的 → the colleague, as a mention. */
  private static void whose(ParseRun r, String whose, String name) {
    if (whose == null) {
      return;
    }
    if (name != null && !name.matches("我们|团队|全组|大家")) {
      r.mentions.clear();
      r.mentions.add(name);
    } else {
      r.scope = TEAM.matcher(whose).find() ? "team" : "me";
    }
  }

  private static boolean set(ParseRun r, Intent intent) {
    r.intent = intent;
    r.contentOverride = "";
    return true;
  }
}
