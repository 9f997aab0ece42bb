package com.chatcrm.language;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * English words turned into the Chinese the rules read (tomorrow 3pm → 明天下午3点, every Monday → 每周一,
 * push to end of month → 推迟到月底), in order: longer phrases before the words inside them.
 */
final class EnglishWords {

  private static final String[] WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
  };
  private static final String[] WEEKDAY_ZH = {"一", "二", "三", "四", "五", "六", "日"};

  /**
   * A rule: its pattern, what replaces a match, and a lower-case word every match holds (null: none
   * said) — most lines hold few of the words, and a contains costs far less than a regex pass.
   */
  private record Rule(Pattern pattern, String replacement, String needs) {}

  private static final List<Rule> RULES = new ArrayList<>();

  static {
    rule("tomorrow", "(?i)\\bthe day after tomorrow\\b", "后天");
    rule("tomorrow", "(?i)\\btomorrow (morning)\\b", "明天上午");
    rule("tomorrow", "(?i)\\btomorrow (afternoon)\\b", "明天下午");
    rule("tomorrow", "(?i)\\btomorrow (evening|night)\\b", "明天晚上");
    rule("tomorrow", "(?i)\\btomorrow\\b", "明天");
    rule("today", "(?i)\\btoday\\b", "今天");
    rule("tonight", "(?i)\\btonight\\b", "今晚");
    rule("yesterday", "(?i)\\byesterday\\b", "昨天");
    rule("this ", "(?i)\\bthis (morning)\\b", "今天上午");
    rule("this ", "(?i)\\bthis (afternoon)\\b", "今天下午");
    rule("next week", "(?i)\\bnext week\\b", "下周");
    rule(
        " to",
        "(?i)\\b(?:push|pushed|postpone|postponed|delay|delayed|slip|slipped|move|moved) (?:the|this|that) (?:deal|opp|opportunity) to\\b",
        "单子推迟到");
    rule(
        " to",
        "(?i)\\b(?:push|pushed|postpone|postponed|delay|delayed|slip|slipped)(?: it)? to\\b",
        "推迟到");
    rule("contact ", "(?i)\\bcontact (?:is now|changed to|should be)\\b", "联系人换成");
    // pls / please around a line asks nothing of its own
    rule("pl", "(?i)^(?:pls|please|plz)[,\\s]+|[,\\s]+(?:pls|please|plz)[.!]*$", "");
    rule("this week", "(?i)\\bthis week'?s\\b", "本周");
    rule("who ", "(?i)\\bwho (?:at'?d|@'?d|tagged|pinged|mentioned) me\\b", "谁提到我");
    rule("mr", "\\bMr\\.? ([A-Z][a-z]+)\\b", "$1先生");
    rule("\\b(?:Ms|Mrs|Miss)\\.? ([A-Z][a-z]+)\\b", "$1女士");
    rule("summary", "(?i)\\b(?:weekly )?summary\\b", "总结");
    rule(
        "amount",
        "(?i)\\b(?:change|update|set) amount to\\b|\\bamount (?:change|changed|update|updated)? ?to\\b",
        "金额改成");
    rule(" customer", "(?i)\\b(?:remove|delete) customer\\b", "删除客户");
    rule(
        "(?i)^(?:please |pls )?(?:show me|show|give me|let me see|pull up|bring up|open|list|display)(?: the)?\\s+",
        "");
    rule("(?i)^(?:sorry|oops)?[,\\s]*(?:typo|my bad|mistake)[,:\\s]+", "写错了,");
    rule(
        "wrong ",
        "(?i)^(?:sorry|oops)?[,\\s]*wrong (?:amount|time|date|day|number|customer)[,:\\s]+(?:it's|it is|should be)?",
        "写错了,");
    rule(" should be", "(?i)\\b(?:amount|price|value) should be\\b", "金额是");
    rule("'s", "(?i)\\b(today|yesterday|tomorrow)'s\\b", "$1");
    rule("end of ", "(?i)\\bend of (the )?month\\b", "月底");
    rule("end of ", "(?i)\\bend of (the )?year\\b", "年底");
    rule("next month", "(?i)\\bnext month\\b", "下个月");
    rule("this month", "(?i)\\bthis month\\b", "本月");
    rule(
        "(?i)\\b(?:closing|expected to close|to close|close|signing)\\s+(?:in |by )?(下个月|本月|月底|年底)",
        "预计$1签约");
    rule("every ", "(?i)\\bevery (?:weekday|workday|working day)s?\\b", "每个工作日");
    rule("every", "(?i)\\bevery ?day\\b", "每天");
    rule("every ", "(?i)\\b(?:at the )?end of every month\\b|\\bevery month end\\b", "每月底");
    for (int i = 0; i < 7; i++) {
      String day = WEEKDAYS[i].substring(0, 3);
      rule(day, "(?i)\\bevery " + WEEKDAYS[i] + "\\b", "每周" + WEEKDAY_ZH[i]);
      rule(day, "(?i)\\bnext " + WEEKDAYS[i] + "\\b", "下周" + WEEKDAY_ZH[i]);
      rule(day, "(?i)\\b(on |this )?" + WEEKDAYS[i] + "\\b", "周" + WEEKDAY_ZH[i]);
    }
    // Mon, Wed 4pm, by Fri: the short forms; sat / sun only after a word that asks for a day
    String[] shortDays = {"mon", "tue|tues", "wed|weds", "thu|thur|thurs", "fri", "sat", "sun"};
    for (int i = 0; i < 7; i++) {
      String lead = i >= 5 ? "(?:on|by|next|this|every|till|until) " : "(?:on |this )?";
      String day = WEEKDAYS[i].substring(0, 3);
      rule(day, "(?i)\\bevery (?:" + shortDays[i] + ")\\b\\.?", "每周" + WEEKDAY_ZH[i]);
      rule(day, "(?i)\\bnext (?:" + shortDays[i] + ")\\b\\.?", "下周" + WEEKDAY_ZH[i]);
      rule(day, "(?i)\\b" + lead + "(?:" + shortDays[i] + ")\\b\\.?", "周" + WEEKDAY_ZH[i]);
    }
    rule("in ", "(?i)\\bin half an hour\\b", "半小时后");
    rule("in ", "(?i)\\bin (\\d+) ?(minutes|minute|mins|min)\\b", "$1分钟后");
    rule("in ", "(?i)\\bin (\\d+) ?(hours|hour|hrs|hr|h)\\b", "$1小时后");
    rule("in ", "(?i)\\bin (\\d+) ?days?\\b", "$1天后");
    rule("in ", "(?i)\\bin (\\d+) ?weeks?\\b", "$1周后");
    rule("pm", "(?i)\\b(?:at )?(\\d{1,2}):(\\d{2}) ?pm\\b", "下午$1:$2");
    rule("am", "(?i)\\b(?:at )?(\\d{1,2}):(\\d{2}) ?am\\b", "上午$1:$2");
    rule("pm", "(?i)\\b(?:at )?(\\d{1,2}) ?pm\\b", "下午$1点");
    rule("am", "(?i)\\b(?:at )?(\\d{1,2}) ?am\\b", "上午$1点");
    rule("at ", "(?i)\\bat (\\d{1,2}:\\d{2})\\b", "$1");
    rule("(?i)\\b(\\d+(?:\\.\\d+)?) ?(million|m)\\b", "$1百万");
    rule("百万", "(?i)(\\d+(?:\\.\\d+)?)百万", "$1__M");
  }

  private EnglishWords() {}

  private static void rule(String regex, String replacement) {
    rule(null, regex, replacement);
  }

  private static void rule(String needs, String regex, String replacement) {
    RULES.add(new Rule(Pattern.compile(regex), replacement, needs));
  }

  private static final Pattern SPACES = Pattern.compile("\\s+");

  static String translate(String t) {
    String s = t;
    // the rules fold ASCII case only, so a match's word is in the lower-case line
    String lower = s.toLowerCase(Locale.ROOT);
    for (Rule r : RULES) {
      if (r.needs() != null && !lower.contains(r.needs())) {
        continue;
      }
      String next = r.pattern().matcher(s).replaceAll(r.replacement());
      if (!next.equals(s)) {
        s = next;
        lower = s.toLowerCase(Locale.ROOT);
      }
    }
    return SPACES.matcher(s).replaceAll(" ").strip();
  }
}
