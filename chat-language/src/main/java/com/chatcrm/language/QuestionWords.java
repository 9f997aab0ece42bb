package com.chatcrm.language;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-line questions and commands with a grammar of their own: 撤销 (undo), 帮助, 提到我的 / @我的, 李四的客户 /
 * 我的客户, 我的客户有多少, 团队今天的跟进, 周报, and chit-chat (收到, 好的, 谢谢) that asks nothing. Only a line that is
 * nothing but the question matches, so that a note mentioning 周报 (跟进 星河 客户说周报要改) stays a note.
 */
final class QuestionWords {

  /** What ends a spoken question and means nothing: particles, punctuation, emoji. */
  private static final Pattern TAIL =
      Pattern.compile(
          "(?:[呢吧啊呀哈嘛]|(?<!什)么|pls|please|plz|[?!.。,~…]|[\\p{So}\\p{Sk}\\x{1F000}-\\x{1FFFF}\\x{2600}-\\x{27BF}\\x{FE0F}])+$");

  private static final Pattern CHAT =
      Pattern.compile(
          "(?i)收到|好的?|好滴|好嘞|行|嗯+|哦+|噢+|哈+|呵+|嘿+|谢谢|多谢|感谢|辛苦了?|ok|okay|thx|thanks|thankyou|测试|test|\\d{1,3}|在吗|你好呀");

  private static final Pattern UNDO_WORD = Pattern.compile("(?i)撤销|撤回|撤消|undo|取消(?=刚才|刚刚|上一)");

  /** What may stand around 撤销 in an undo line: which entry it is about, and asking nicely. */
  private static final Pattern UNDO_FILLER =
      Pattern.compile(
          "(?i)不要了|算了|帮我|请|一下|下|刚才|刚刚|上一步|上一条|上条|那条|这条|那个|的|操作|改动|修改|提醒|记录|跟进|掉|吧|please|that|last");

  private static final Pattern HELP =
      Pattern.compile(
          "(?i)(?:这个|你这个|这|你|玩意儿?|东西|机器人|小助手|助手|工具|系统|bot)*(?:该|要)?(?:怎么用|如何使用|咋用|怎么使用)"
              + "|(?:这个|你|机器人|小助手|助手|bot)+(?:都)?(?:能|会|可以)(?:帮我)?(?:干|做|办)?(?:啥|什么|些什么|哪些事)|你能(干|做)(啥|什么)|你会(干|做)?(啥|什么)|能做什么|教程|使用教程|使用说明|说明书|有哪些命令|有什么命令|命令列表|怎么用|如何使用"
              + "|(?:给我|帮我)?(?:讲讲|说说|教教我|教我|告诉我)?(?:提醒|跟进|客户|商机|周报|日报)?(?:怎么|如何|咋)(记|写|用|设|建|加|录|查|领|转|删|改|导)\\p{IsHan}{0,6}|howdoiusethis|howtouse|whatcanyoudo|commands");

  private static final Pattern MENTIONS_ME =
      Pattern.compile(
          "(?i)(?:(?:看看|看下|查看|查下|最近|今天)?(?:有没有|有)?(?:人|谁|同事|大家|别人)?(?:提到|提及|艾特|at|@|圈)[了过]?我(?:了|吗|没|没有|的)?(?:消息|记录|内容)?"
              + "|(?:看看|看下)?我被(?:@|艾特|at|提到|提及|圈)的?(?:消息|记录)?|(?:my)?mentions|whomentionedme|(?:提到|@|at|艾特)我的(?:消息|记录)?)(?:都有哪些|有哪些|都有啥|有啥|有什么|是哪些|列表)?");

  /** A colleague is called by name (李四, 老王, 欧阳娜娜): a common surname first, unlike most brands. */
  static final String PERSON =
      "(?:欧阳|司马|诸葛|上官|东方|慕容|令狐|皇甫|[老小]?[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤])[\\p{IsHan}&&[^的名手负跟现私有一总几都最今昨还]]{1,2}";

  private static final String WHO = "(我们组|我们部门|我们|团队|全组|部门|大家|全员|下属|我|" + PERSON + ")";
  private static final String OF = "(?:名下|手上|手里|负责|跟|跟进|现在|私海|的私海)*的?";
  private static final String LOOK = "(?:看看|看下|看一下|查看|查一下|查下|列出|列一下|显示|给我看看?)?";

  private static final Pattern LIST_CUSTOMERS =
      Pattern.compile(
          LOOK
              + WHO
              + OF
              + "(?:所有|全部)?客户(?:列表|名单|有哪些|都有哪些|都有谁|有谁|是哪些)?"
              + "|(?i)(?:list)?customersof(.+)|(?i)(my|team)(?:customers?list|customers)"
              + "|"
              + LOOK
              + WHO
              + OF
              + "(?:有哪些|都有哪些|有什么)客户");
  private static final Pattern CUSTOMER_COUNT =
      Pattern.compile(
          WHO
              + "?"
              + OF
              + "(?:还)?(?:一共|总共)?(?:有)?(?:多少|几)个?家?客户了?"
              + "|"
              + WHO
              + "?"
              + OF
              + "客户(?:有多少个?家?|有几个|有几家|数量?|总数|一共多少|一共有多少|多少个|多少家|几个|几家)了?"
              + "|(?i)howmanycustomers(?:doi?have)?");

  /** 导出我的客户, 帮我把团队客户导出来, 下载客户列表, export my customers: the rest names whose. */
  private static final Pattern EXPORT =
      Pattern.compile(
          "(?:请|麻烦|帮我|给我|帮忙)*把?(?:导出|下载|导一下|导个)(?:一下)?(?:一份|份)?(.*?客户.*?)(?:导出来|导出|下载下来|下载)?(?:excel|表格|文件)?"
              + "|(?i)(?:请|麻烦|帮我|给我|帮忙)*把?(.*?客户.*?)(?:导出来|导出|下载下来|下载|导成excel|导成表格)(?:excel|表格)?"
              + "|(?i)export(.*customers?.*)");

  /** 本月, 上周, 今天, 本季度: the days an export covers. */
  private static final String PERIOD =
      "(?:本月|这个月|这月|当月|上个?月|本周|这周|这个?星期|上周|上个?星期|今天|今日|昨天|本季度?|这个季度|今年|本年)";

  private static final Pattern PERIOD_P = Pattern.compile(PERIOD);

  /**
   * 导出本月跟进记录, 把团队上周的跟进导出来, 下载我的商机, export my opportunities: an export verb before or after the
   * records, whose (mine or the team's) and which days around them.
   */
  private static final Pattern EXPORT_RECORDS;

  static {
    String lead = "(?:请|麻烦|帮我|给我|帮忙)*把?";
    String verb = "(?:导出|下载|导一下|导个)(?:一下)?(?:一份|份)?";
    String whose = "(?:我们组|我们部门|我们|团队|全组|部门|大家|全员|下属|我)?的?";
    String what = whose + PERIOD + "?的?" + whose + "(?:跟进记录|跟进|拜访记录|商机|单子|销售机会)(?:列表|记录|明细|清单)?";
    String after = "(?:导出来|导出|下载下来|下载|导成excel|导成表格)";
    String file = "(?:excel|表格|文件)?";
    EXPORT_RECORDS =
        Pattern.compile(
            lead
                + verb
                + what
                + after
                + "?"
                + file
                + "|"
                + lead
                + what
                + after
                + file
                + "|(?i)export(?:my|team|our)?(?:follow-?ups?|opportunities|deals)(?:"
                + PERIOD
                + ")?");
  }

  private static final Pattern WRITE_FOLLOWUP = Pattern.compile("\\s*(?:写|记)?(?:跟进|拜访)");

  private static final Pattern LIST_FOLLOWUPS =
      Pattern.compile(
          LOOK
              + WHO
              + "?(?:都|最近)?(?:(?:写|记|录|做|填)了?(?:哪些|什么|啥)?)?的?(?:跟进|拜访)(?:了)?(?:记录|情况|列表|了哪些|了啥|了什么|有哪些|都有哪些)?"
              + "|(?i)(my|team)?follow-?ups?");
  private static final Pattern WEEKLY_REPORT =
      Pattern.compile(
          "(?i)(?:看看|看下|看|发|发一下|发下|来一份|给我|生成)?"
              + WHO
              + "?的?(?:周报|weeklyreport(team)?)"
              + "|(?:这周|本周)(?:的)?总结(?:一下)?");

  // 这周总结一下: 这周 is read as a time first, so the summary is checked on what is left

  /** 把部门周报拉一下, 给我看看这周总结, 出一下本周周报: the asking around a question is no part of it. */
  private static final Pattern ASK_LEAD =
      Pattern.compile(
          "^(?:请|麻烦|帮我|给我|帮忙)*把?(?:看看|看下|看一下|瞧瞧|查看|查下|查一下|拉一下|拉下|拉|出一下|出下|出|发一下|发下|发我|发|来一份|来个|生成|导出|列一下|列出|调出|打开|给我看看|给我看)?(?:一下)?(?:一个|个|一份|份)?");

  private static final Pattern ASK_TAIL =
      Pattern.compile(
          "(?:拉一下|拉下|拉出来|发我一下|发给我一下|发一下给我|给我一下|发我|发给我|发一下|发下|出一下|出来|看看|看一下|看下|给我看看|给我|调出来|导出来)$");

  private static final Pattern TEAM = Pattern.compile("(?i)团队|我们|大家|全组|全员|部门|下属|team");

  private static final Pattern SUMMARY = Pattern.compile("的?(工作)?总结(一下)?");
  private static final Pattern THIS_WEEK_IN_LINE = Pattern.compile(".*(这周|本周).*");
  private static final Pattern EXPORT_NOISE = Pattern.compile("(?i)excel|表格|列表|名单|所有|全部");
  private static final Pattern PLAIN_CUSTOMERS = Pattern.compile("(?i)客户|customers?");
  private static final Pattern MENTIONED_CUSTOMERS =
      Pattern.compile("的?(所有|全部)?客户(列表|名单|有哪些|都有哪些|都有谁|有谁)?");

  // one character of each word a whole-line question needs, to skip its regex on other lines
  /** HELP: 怎么用 如何使用, 能干啥 做什么 哪些事, 教程, 使用说明, 命令, 怎么/如何/咋 + verb; English. */
  private static final Screen HELP_CHARS = Screen.anyOfOrLatin("用啥什哪程说命怎如咋");

  /** MENTIONS_ME: 提到 提及 艾特 @ 圈; at, mentions. */
  private static final Screen MENTIONS_CHARS = Screen.anyOfOrLatin("提艾@圈");

  /** EXPORT_RECORDS: 导出 导一下 下载 …; export. */
  private static final Screen EXPORT_CHARS = Screen.anyOfOrLatin("导载");

  /** CUSTOMER_COUNT: 多少, 几, 数量 总数; howmanycustomers. */
  private static final Screen COUNT_CHARS = Screen.anyOfOrLatin("多几数");

  /** UNDO_WORD: 撤销 撤回 撤消 取消; undo. */
  private static final Screen UNDO_CHARS = Screen.anyOfOrLatin("撤取");

  private QuestionWords() {}

  /** Whether the line is one of these; then its intent and slots are set. */
  static boolean read(ParseRun r) {
    String t = strip(r.text);
    if (t.isEmpty() || CHAT.matcher(t).matches()) {
      return set(r, Intent.UNKNOWN);
    }
    if (undo(t)) {
      return set(r, Intent.UNDO);
    }
    if (HELP_CHARS.admits(t) && HELP.matcher(t).matches()) {
      return set(r, Intent.HELP);
    }
    if (MENTIONS_CHARS.admits(t) && MENTIONS_ME.matcher(t).matches()) {
      r.mentions.clear();
      return set(r, Intent.MENTIONS_ME);
    }
    if (EXPORT_CHARS.admits(t) && EXPORT_RECORDS.matcher(t).matches() && !r.linked()) {
      return exportRecords(r, t);
    }
    // the masked line: times, @mentions and the linked customer blanked
    String q = strip(r.masked());
    if (customers(q) && customerQuestion(r, q)) {
      return true;
    }
    if (!(q.contains("跟进") || q.contains("拜访") || q.contains("follow") || weekly(q))) {
      // neither a listing of follow-ups nor a weekly report can match
      return false;
    }
    // ASK_LEAD always matches at the start, empty unless the line opens with one of its words
    String led =
        !q.isEmpty() && "请麻帮给把看瞧查拉出发来生导列调打一个份".indexOf(q.charAt(0)) >= 0
            ? ASK_LEAD.matcher(q).replaceFirst("")
            : q;
    String asked = endsIn(led, "下来我看") ? ASK_TAIL.matcher(led).replaceFirst("") : led;
    Matcher followups = LIST_FOLLOWUPS.matcher(q);
    boolean listsFollowUps = followups.matches();
    if (!listsFollowUps) {
      followups = LIST_FOLLOWUPS.matcher(asked);
      listsFollowUps = followups.matches();
    }
    if (listsFollowUps
        && (r.due != null
            || r.date != null
            || r.dateOnlyToday != null
            // 星河的跟进记录 lists them; 跟进 星河 (the command word first) starts writing one
            || r.linked() && !WRITE_FOLLOWUP.matcher(r.text).lookingAt()
            || !(q.equals("跟进") || q.equals("拜访")))) {
      whose(r, first(followups));
      if (!r.linked()) {
        mineUnlessSaid(r);
      }
      day(r);
      return set(r, Intent.LIST_FOLLOWUPS);
    }
    Matcher weekly = WEEKLY_REPORT.matcher(q);
    boolean weeklyReport = weekly.matches();
    if (!weeklyReport) {
      weekly = WEEKLY_REPORT.matcher(asked);
      weeklyReport = weekly.matches();
    }
    boolean summary =
        SUMMARY.matcher(asked).matches() && THIS_WEEK_IN_LINE.matcher(r.text).matches();
    if ((weeklyReport || summary) && !r.linked()) {
      whose(r, summary ? null : weekly.group(1));
      if (r.scope == null && TEAM.matcher(t).find()) {
        r.scope = "team";
      }
      r.date = null;
      r.due = null;
      return set(r, Intent.WEEKLY_REPORT);
    }
    return false;
  }

  /** Export, list or count customers: every such question says 客户 or customer(s). */
  private static boolean customerQuestion(ParseRun r, String q) {
    Matcher export = EXPORT.matcher(q);
    if (EXPORT_CHARS.admits(q) && export.matches() && !r.linked()) {
      String list = EXPORT_NOISE.matcher(first(export)).replaceAll("");
      Matcher whose = LIST_CUSTOMERS.matcher(list);
      boolean plain = PLAIN_CUSTOMERS.matcher(list).matches();
      if (plain || whose.matches()) {
        if (!plain) {
          whose(r, first(whose));
        }
        mineUnlessSaid(r);
        return set(r, Intent.EXPORT_CUSTOMERS);
      }
    }
    Matcher list = LIST_CUSTOMERS.matcher(q);
    if (list.matches() && !r.linked()) {
      whose(r, first(list));
      return set(r, Intent.LIST_CUSTOMERS);
    }
    if (!r.mentions.isEmpty() && MENTIONED_CUSTOMERS.matcher(q).matches()) {
      // @周七 的客户列表: the colleague was @-ed
      return set(r, Intent.LIST_CUSTOMERS);
    }
    Matcher count = CUSTOMER_COUNT.matcher(q);
    if (COUNT_CHARS.admits(q) && count.matches() && !r.linked()) {
      whose(r, first(count));
      mineUnlessSaid(r);
      return set(r, Intent.CUSTOMER_COUNT);
    }
    return false;
  }

  private static boolean customers(String q) {
    return q.contains("客户") || q.contains("customer");
  }

  /** WEEKLY_REPORT and the week's summary say 周报, weeklyreport or 总结. */
  private static boolean weekly(String q) {
    return q.contains("周报") || q.contains("weeklyreport") || q.contains("总结");
  }

  /** 导出本月跟进记录 / 导出我的商机: whose (mine unless the team is said), which kind, which days. */
  private static boolean exportRecords(ParseRun r, String t) {
    r.scope = TEAM.matcher(t).find() ? "team" : "me";
    r.date = null;
    r.due = null;
    if (t.matches(".*(商机|单子|机会|(?i)opportunit|deal).*")) {
      return set(r, Intent.EXPORT_OPPORTUNITIES);
    }
    Matcher period = PERIOD_P.matcher(t);
    r.period = period.find() ? period(period.group()) : "month";
    return set(r, Intent.EXPORT_FOLLOWUPS);
  }

  /** A period as the gateway reads it. */
  private static String period(String said) {
    if (said.startsWith("上") && said.matches(".*月")) {
      return "last_month";
    }
    if (said.startsWith("上")) {
      return "last_week";
    }
    if (said.matches(".*月")) {
      return "month";
    }
    if (said.matches(".*(周|星期)")) {
      return "week";
    }
    if (said.matches("今天|今日")) {
      return "today";
    }
    if (said.equals("昨天")) {
      return "yesterday";
    }
    return said.contains("季") ? "quarter" : "year";
  }

  /** The first group that matched: who the question is about. */
  private static String first(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return null;
  }

  /**
   * Whether {@code s} ends in one of {@code lastChars} — the last characters of a pattern that ends
   * in "$" — or in a line terminator, before which "$" also matches: else the pattern cannot match.
   */
  private static boolean endsIn(String s, String lastChars) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(s.length() - 1);
    return lastChars.indexOf(c) >= 0 || "\n\r\u0085\u2028\u2029".indexOf(c) >= 0;
  }

  /** Lower case, no spaces, no particles, punctuation or emoji at the end. */
  private static String strip(String s) {
    String t = withoutSpaces(s.toLowerCase(Locale.ROOT));
    return mayEndInTail(t) ? TAIL.matcher(t).replaceFirst("") : t;
  }

  /** What replaceAll("\\s+", "") did: \\s is [ \\t\\n\\x0B\\f\\r]. */
  private static String withoutSpaces(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean space = " \t\n\u000B\f\r".indexOf(c) >= 0;
      if (space && b == null) {
        b = new StringBuilder(s.length()).append(s, 0, i);
      } else if (!space && b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * Whether TAIL may match: a match ends the line, so its last character is one TAIL can end with —
   * or one this does not judge (a surrogate, or a line terminator "$" may stand before).
   */
  private static boolean mayEndInTail(String t) {
    if (t.isEmpty()) {
      return false;
    }
    char c = t.charAt(t.length() - 1);
    int type = Character.getType(c);
    return "呢吧啊呀哈嘛么sez?!.。,~…\n\r\u0085\u2028\u2029".indexOf(c) >= 0
        || Character.isSurrogate(c)
        || type == Character.OTHER_SYMBOL
        || type == Character.MODIFIER_SYMBOL
        || c >= '\u2600' && c <= '\u27BF'
        || c == '\uFE0F';
  }

  /** 撤销 / 撤回刚才那条 / 不要了，撤回: an undo word and nothing but which entry and politeness. */
  private static boolean undo(String t) {
    if (!UNDO_CHARS.admits(t)) {
      return false;
    }
    Matcher w = UNDO_WORD.matcher(t);
    if (!w.find()) {
      return false;
    }
    String rest = (t.substring(0, w.start()) + t.substring(w.end())).replaceAll("[,;:!?。，]", "");
    return UNDO_FILLER.matcher(rest).replaceAll("").isEmpty();
  }

  /** The day of a listing: the day said, today when none; a week said is no single day. */
  private static void day(ParseRun r) {
    if (r.date == null) {
      r.date =
          r.dateOnlyToday != null
              ? r.dateOnlyToday.toLocalDate()
              : r.due != null && r.due.toLocalDate().equals(r.now.toLocalDate())
                  ? r.due.toLocalDate()
                  : null;
    }
    if (r.text.matches(".*(本周|这周|上周|最近).*") && !r.text.matches(".*(上周|本周|这周)[一二三四五六日天].*")) {
      r.date = null;
    }
    r.due = null;
  }

  /** 客户数, 昨天的跟进记录: one's own, when no one else is named. */
  private static void mineUnlessSaid(ParseRun r) {
    if (r.scope == null && r.mentions.isEmpty()) {
      r.scope = "me";
    }
  }

  /** 我的 → scope me; 团队的 → team; 李四的 → the colleague, as a mention. */
  private static void whose(ParseRun r, String who) {
    if (who == null) {
      // no one named: whose it is was not said (the handler decides)
      return;
    }
    String w = who.strip();
    if (w.equals("我") || w.equals("my")) {
      r.scope = "me";
    } else if (TEAM.matcher(w).find()) {
      r.scope = "team";
    } else {
      r.mentions.clear();
      r.mentions.add(w.replaceAll("^(of)", ""));
    }
  }

  private static boolean set(ParseRun r, Intent intent) {
    r.intent = intent;
    r.contentOverride = "";
    return true;
  }
}
