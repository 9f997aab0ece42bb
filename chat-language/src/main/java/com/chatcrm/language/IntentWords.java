package com.chatcrm.language;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which intent a line has by a leading command word (跟进, 提醒我, 漏斗, English aliases too); a line
 * without one is read by {@link FreeSentences}.
 */
final class IntentWords {

  /** Leading keywords, English aliases too; the longest that fits wins. */
  private static final Map<String, Intent> KEYWORDS = new LinkedHashMap<>();

  static {
    words(
        Intent.ADD_CUSTOMER,
        "新客户",
        "新建客户",
        "新增客户",
        "添加客户",
        "录入客户",
        "加客户",
        "建客户",
        "创建客户",
        "加个客户",
        "建个客户",
        "帮我建个客户",
        "帮我加个客户",
        "帮我新建客户",
        "新建一个客户",
        "加一个客户",
        "new customer",
        "add customer",
        "create customer");
    words(
        Intent.LOG_FOLLOWUP,
        "跟进",
        "写跟进",
        "记跟进",
        "跟进记录",
        "记录跟进",
        "记录",
        "log",
        "follow up",
        "follow-up",
        "followup",
        "note");
    words(
        Intent.SET_REMINDER,
        "提醒我",
        "提醒",
        "设提醒",
        "设置提醒",
        "帮我提醒",
        "记得",
        "别忘了",
        "remind me to",
        "remind me",
        "remind",
        "reminder");
    words(
        Intent.ADD_OPPORTUNITY,
        "商机",
        "新商机",
        "新建商机",
        "添加商机",
        "加商机",
        "新增商机",
        "new deal",
        "new opportunity",
        "deal",
        "opportunity",
        "opp");
    words(
        Intent.FIND_CUSTOMER,
        "查找客户",
        "查客户",
        "搜客户",
        "找客户",
        "查找",
        "查询",
        "查一下",
        "查下",
        "查查",
        "查",
        "搜索",
        "搜一下",
        "搜下",
        "搜搜",
        "帮我搜",
        "帮我搜下",
        "帮我搜一下",
        "搜",
        "找一下",
        "找下",
        "找找",
        "find",
        "search",
        "lookup",
        "look up");
    words(Intent.PIPELINE, "销售漏斗", "我的漏斗", "团队漏斗", "漏斗", "业绩", "管道", "pipeline", "funnel");
    words(
        Intent.DAILY_REPORT,
        "日报",
        "今日日报",
        "今天日报",
        "团队日报",
        "看日报",
        "daily report",
        "daily",
        "report");
    words(
        Intent.TODO,
        "待办",
        "我的待办",
        "今日待办",
        "今天待办",
        "我的提醒",
        "提醒列表",
        "逾期",
        "todo",
        "to-do",
        "to do",
        "tasks",
        "agenda");
    words(Intent.POOL, "公海", "看公海", "公海客户", "公海列表", "pool");
    words(Intent.CLAIM, "领取", "认领", "捞回", "捞", "claim");
    words(Intent.TRANSFER, "转交", "移交", "转给", "转移", "transfer", "reassign");
    words(Intent.MOVE_STAGE, "推进", "阶段", "move", "stage");
    words(Intent.HELP, "帮助", "help", "?", "怎么用", "使用说明", "菜单", "命令", "你好", "您好", "hi", "hello");
  }

  private static void words(Intent intent, String... words) {
    for (String k : words) {
      KEYWORDS.put(k, intent);
    }
  }

  private static final List<String> KEYWORDS_BY_LENGTH =
      KEYWORDS.keySet().stream()
          .sorted(Comparator.comparingInt(String::length).reversed())
          .toList();

  private static final Pattern NEW_CUSTOMER_INSIDE =
      Pattern.compile("^.{0,8}?(?:认识|来了|有|加了|多了|接触了?)(?:一个|个|一家|家)?新客户[,:;\\s]*");

  /** 录个新客户, 新加一家客户, 客户新增: a verb of adding and 客户, in either order, starts a new customer. */
  private static final Pattern ADD_CUSTOMER_LEAD =
      Pattern.compile(
          "^(?:帮我|帮忙|麻烦)?(?:新建|新增|新加|添加|录入|录|登记|加|建|创建)(?:一下|下)?(?:一个|个|一家|家)?新?客户(?!微信|的|电话|群|经理|需求|会)[,:;\\s]*"
              + "|^(?:新|新的)?客户(?:新增|新建|添加|录入|登记)(?![了过的])[,:;\\s]*");

  private static final Pattern POOL_CLAIM =
      Pattern.compile("领取|认领|(?<![引带本率])领(?![导域先带袖队])|捞|我要了|归我|我来跟");

  private static final Pattern REMINDER_LIST = Pattern.compile("提醒(列表|都有哪些|有哪些).*");
  private static final Pattern CUSTOMERS_THING = Pattern.compile("(?:微信|的|电话|群).*");
  private static final Pattern HAND_OVER = Pattern.compile("转给|转交|移交");

  private IntentWords() {}

  private static boolean wonOrLost(OutcomeWords.Hit outcome) {
    return outcome != null
        && (outcome.outcome() == OutcomeWords.Outcome.WON
            || outcome.outcome() == OutcomeWords.Outcome.LOST);
  }

  /** A command word at the start of the line (after any @mention, phone, amount or time). */
  static void leadingKeyword(ParseRun r) {
    int start = r.firstUnused(0);
    String rest = r.lower.substring(start);
    Matcher adding = ADD_CUSTOMER_LEAD.matcher(rest);
    if (adding.lookingAt() && adding.end() > 0) {
      r.intent = Intent.ADD_CUSTOMER;
      r.keyword = true;
      r.use(start, start + adding.end());
      r.bodyStart = start + adding.end();
      return;
    }
    for (String k : KEYWORDS_BY_LENGTH) {
      if (rest.startsWith(k)) {
        int end = start + k.length();
        boolean latin =
            k.chars().allMatch(c -> c < 128 && Character.isLetter(c) || c == ' ' || c == '-');
        if (latin && end < r.text.length() && Character.isLetterOrDigit(r.text.charAt(end))) {
          continue;
        }
        Intent i = KEYWORDS.get(k);
        // 提醒列表 / 我的提醒 are lists, not a new reminder; 客户 alone is not 查
        if (i == Intent.SET_REMINDER && REMINDER_LIST.matcher(rest).matches()) {
          continue;
        }
        if (i == Intent.HELP
            && start + k.length() < r.text.length()
            && !k.equals("?")
            && rest.length() > k.length() + 2
            && !k.matches("帮助|help|菜单|命令")) {
          continue;
        }
        // 远海 deal lost: the deal's outcome, not a new deal
        if (i == Intent.ADD_OPPORTUNITY && wonOrLost(OutcomeWords.in(rest))) {
          continue;
        }
        // 加客户微信了, 加客户的电话: adding something of a customer's, not a customer
        if (i == Intent.ADD_CUSTOMER
            && CUSTOMERS_THING.matcher(rest.substring(k.length())).matches()) {
          continue;
        }
        // 推进 as a keyword only when a stage or 赢/输 follows
        if (i == Intent.MOVE_STAGE
            && r.stages.in(r.text.substring(end)) == null
            && OutcomeWords.in(rest) == null) {
          continue;
        }
        // 公海里的汇通我领了: taking a customer out of the pool is a claim, not a look at the pool
        if (i == Intent.POOL && POOL_CLAIM.matcher(rest.substring(k.length())).find()) {
          i = Intent.CLAIM;
        }
        r.intent = i;
        r.keyword = true;
        r.use(start, end);
        r.bodyStart = end;
        return;
      }
    }
    Matcher fresh = NEW_CUSTOMER_INSIDE.matcher(r.masked());
    if (fresh.find()) {
      // 刚认识一个新客户，上海浦江游船…: the new customer's name follows
      r.intent = Intent.ADD_CUSTOMER;
      r.keyword = true;
      r.use(0, fresh.end());
      r.bodyStart = fresh.end();
      return;
    }
    if (!r.mentions.isEmpty() && r.text.startsWith("@")) {
      // @王五 把星河转给你 is a transfer; anything else addressed to a colleague is a mention
      r.intent = HAND_OVER.matcher(r.text).find() ? Intent.TRANSFER : Intent.MENTION;
      r.bodyStart = r.firstUnused(0);
    }
  }
}
