package com.chatcrm.language;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The intent of a line without a command word, from what the sentence reads like: 聊了 → a follow-up,
 * 明天 给 → a reminder, 50万 项目 → a deal, 签了 / 没签下来 → a stage move, a bare name → a search.
 */
final class FreeSentences {

  /** Words that, anywhere in a short line, name a listing intent. */
  private static final List<Map.Entry<Pattern, Intent>> ANYWHERE =
      List.of(
          Map.entry(Pattern.compile("漏斗|业绩|pipeline|funnel"), Intent.PIPELINE),
          Map.entry(Pattern.compile("日报|daily report"), Intent.DAILY_REPORT),
          Map.entry(
              Pattern.compile(
                  "待办|要做什么|有什么事|有(?:啥|什么|哪些)(?:事|事情|活)?要(?:做|干|办|跟)|要(?:做|干|办|跟)(?:啥|什么|哪些)|有啥事|(?:需要|要)我(?:处理|做|办|跟进|跟)|逾期|到期的提醒|我的提醒|有哪些提醒|有什么提醒|没做的|该干嘛|该做什么|要干嘛|todo|to-do|my tasks"),
              Intent.TODO),
          Map.entry(Pattern.compile("签了多少|赢了多少|成交了多少|卖了多少|完成了多少"), Intent.PIPELINE),
          Map.entry(Pattern.compile("公海"), Intent.POOL));

  private static final Pattern FREE_FOLLOWUP =
      Pattern.compile(
          "已经?(寄|发|交|付|回|签|提交|确认|报|约|安排)|寄出|发出|没打通|打不通|占线|关机|没接|未接通|没人接|还没回|没回|刚\\p{IsHan}{0,2}?(通|打|聊|见|开|谈|拜访|发)|通完|打完|加了|聊了|谈了|沟通了|开了|见了|拜访了|去了|开完|聊完|谈完|见完|刚和|刚跟|刚刚|刚才|打了|发了|约了|签了|报了|演示了|交流了|确认了|通了|回复了|说了|看了|参加了"
              + "|去\\p{IsHan}{1,10}?(开|谈|见|聊|签|演示|交流)|\\b(called|visited|met|emailed|talked)\\b");
  private static final Pattern FREE_REMINDER =
      Pattern.compile(
          "给|打|发|去|回访|联系|约|拜访|催|准备|跟进|寄|送|提交|签|见|开会|交|汇报|演示|来|参观|吃饭|面谈|\\b(call|send|email|visit)\\b");

  /** 锦江餐饮以后让@张三 跟: from now on a colleague follows it — a transfer. */
  private static final Pattern FROM_NOW_ON =
      Pattern.compile("(?:以后|今后|往后|之后|从今天起|从现在起)(?:就)?(?:让|由|给|交给)\\s*(?:来)?(?:跟|负责|跟进|对接)?");

  /** call Nova re: …, Acme call: an English line without a time is a note of the call. */
  private static final Pattern ENGLISH_START = Pattern.compile("[a-z]");

  /** 删掉星河的提醒: removing something of a customer is no note about it (and not understood). */
  private static final Pattern REMOVE = Pattern.compile("删除|删掉|删了|移除");

  /** 这个月签了多少: how much was won — the pipeline, not a stage move. */
  private static final Pattern STATS = Pattern.compile("(?:签|赢|成交|卖|完成|拿下)了?多少");

  private static final Pattern QUESTION =
      Pattern.compile(
          "吗\\s*$|呢\\s*$|\\?\\s*$|哪个|哪些|什么阶段|谁|几个|多少|进展|进度|到哪|(?i)\\b(who|what|how|where|status)\\b");
  private static final Pattern PAST_MARK =
      Pattern.compile(
          "了|过|完|刚|已经?|没打通|没接|没人接|未接通|占线|关机|还没回|没回|\\b(called|visited|met|emailed|talked|had|sent|spoke)\\b");
  private static final Pattern REPORTED = Pattern.compile("(那边|客户|对方|他们|老板)?(说|反馈|表示|透露|回复说)");

  /** 提醒我 inside the line (星河的合同 提醒我明天催一下): a reminder wherever it stands. */
  private static final Pattern REMINDER_INSIDE =
      Pattern.compile("提醒我|帮我提醒|提醒一下|\\bremind me( to)?\\b", Pattern.CASE_INSENSITIVE);

  /** call 星河 about renewal, follow up next Monday: what happened, then the next step. */
  private static final Pattern NEXT_STEP_CLAUSE =
      Pattern.compile("[,;]\\s*(?:then )?(?:follow up|跟进|再跟进|再约|再联系)", Pattern.CASE_INSENSITIVE);

  private static final Pattern DEAL_WORD =
      Pattern.compile("项目|单子|商机|机会|框架|合同|采购|预算|订单|[小大这一个]单|deal");

  /** 新开了个年框的机会, 又来了一个新项目: a deal that has just opened, whatever stage it starts in. */
  private static final Pattern NEW_DEAL =
      Pattern.compile(
          "(?:新|又)(?:开|建|增|来|立|出|冒出|跟)?了?(?:一个|个|一单|一笔)?[^,.;!?。]{0,10}?(?:机会|商机|项目|单子)");

  /** 给我看看星河: a known customer's name and nothing but asking to see it. */
  private static final Pattern SHOW =
      Pattern.compile(
          "(?:帮我|给我|麻烦)?(?:看看|看下|看一下|瞧瞧|打开|调出|查看|显示|查查|查下|查一下|搜搜|搜下|搜一下|找找|找下|找一下|搜|查|找)?(?:一下)?(?:的)?(?:资料|详情|信息|卡片|客户卡片)?");

  /** 能不能批量导入, 有啥新功能: a question or a request, never a customer named by the whole line. */
  private static final Pattern ASKING =
      Pattern.compile("怎么|咋|啥|什么|哪|谁|几个|多少|有没有|能不能|可不可以|是不是|帮我|给我|一下|讲讲|说说");

  /** 有个叫华润的客户吗: asking whether a customer of that name exists. */
  private static final Pattern NAMED_ASK =
      Pattern.compile(
          "(?:有没有|是否有|有)(?:一个|个|一家|家)?(?:叫|名叫|叫做|名字叫)[^的,.;!?。]{1,20}?的|^\\s*(?:搜|查|找)?(?:一下|下)?叫\\S{1,20}?的(?:客户|公司)");

  /** 月底之前要…谈完: a time followed by 前 is a deadline, the work still to do. */
  private static final Pattern DEADLINE_AFTER = Pattern.compile("^\\s*(?:之前|以前|前)");

  /** 海星水产 需求确认了，下一步…: a stage named right after the customer, as the first words. */
  private static final Pattern FIRST_CLAUSE = Pattern.compile("^\\s*[^\\s,.;!?。]*");

  /** 预计年底签约: when a deal is expected to close — a deal, not a reminder to sign. */
  static final Pattern EXPECTED_CLOSE =
      Pattern.compile("(?:预计|预期|计划|争取|有望|估计)[^,.;!?。]{0,10}?(?:签约|签单|签合同|成交|落地|签下来|签)");

  // compiled once, not per line
  private static final Pattern REACHED = Pattern.compile(".+(了|中|阶段)");
  private static final Pattern REACHED_WORDS =
      Pattern.compile("^(的|单子|项目|商机|到了?|进入了?|进到了?)+|(阶段|中)?了?$");
  private static final Pattern HAND_OVER = Pattern.compile("转给|转交给|移交给|交给");
  private static final Pattern HAND_OVER_TO_PERSON =
      Pattern.compile("转给|转交给|移交给|交给\\s*" + QuestionWords.PERSON);
  private static final Pattern CLAIM_LINKED =
      Pattern.compile("领取|认领|(?<![引带本率])领(?![导域先带袖队])(?:一下|下|了|走|回)?");
  private static final Pattern CLAIM_WORD = Pattern.compile("领取|认领");
  private static final Pattern STAGE_TAIL = Pattern.compile("(中|了|阶段了|阶段)$");
  private static final Pattern ABOUT_CUSTOMER =
      Pattern.compile(".*(是谁的客户|谁负责|谁的客户|的电话|的联系方式|的负责人|怎么样了|什么情况|的情况|的资料|的信息|的详情|资料发我).*");

  private FreeSentences() {}

  /** 王总说下周三可以签: what someone said (before any time in it) is a note; 跟星河说一下 is a request. */
  private static boolean reported(ParseRun r, String ml) {
    Matcher m = REPORTED.matcher(ml);
    if (!m.find() || r.dueStart >= 0 && m.start() > r.dueStart) {
      return false;
    }
    String before = ml.substring(0, m.start(2)).stripTrailing();
    return before.isEmpty() || "跟和对给向告".indexOf(before.charAt(before.length() - 1)) < 0;
  }

  private static boolean stageAfterCustomer(ParseRun r, String m) {
    // 龙湖 需求确认了: an unknown customer is the first word, the stage the next
    int after =
        r.linked() ? r.linkEnd : m.strip().indexOf(' ') < 0 ? -1 : m.indexOf(' ', r.bodyStart);
    if (after < 0 || after >= m.length()) {
      return false;
    }
    Matcher clause = FIRST_CLAUSE.matcher(m.substring(after));
    String word = clause.find() ? ParseRun.clean(clause.group()) : "";
    // the stage must be said as reached (冰城乳业 签约 别忘了 is a task; 预计 年底签约 a plan)
    if (!REACHED.matcher(word).matches() || EXPECTED_CLOSE.matcher(m).find()) {
      return false;
    }
    String said = REACHED_WORDS.matcher(word).replaceAll("");
    return !said.isEmpty() && r.stages.isName(said);
  }

  /** The intent of a line without a command word, from what the sentence says. */
  static void read(ParseRun r) {
    String m = r.masked();
    String ml = m.toLowerCase(Locale.ROOT);
    r.bodyStart = r.firstUnused(0);
    if (CustomerSlots.OWNER_CHANGE.matcher(m).find()) {
      r.intent = Intent.TRANSFER;
      return;
    }
    if (HAND_OVER.matcher(m).find()
            && (!r.mentions.isEmpty() || HAND_OVER_TO_PERSON.matcher(m).find())
        || !r.mentions.isEmpty() && FROM_NOW_ON.matcher(m).find()) {
      r.intent = Intent.TRANSFER;
      return;
    }
    Matcher claim = (r.linked() ? CLAIM_LINKED : CLAIM_WORD).matcher(m);
    if (claim.find()) {
      r.intent = Intent.CLAIM;
      r.use(0, claim.end());
      return;
    }
    if (!r.mentions.isEmpty()) {
      r.intent = Intent.MENTION;
      return;
    }
    Matcher remind = REMINDER_INSIDE.matcher(ml);
    if (remind.find() && (r.due != null || r.dateOnlyToday != null)) {
      r.intent = Intent.SET_REMINDER;
      r.use(remind.start(), remind.end());
      return;
    }
    if (r.due != null
        && NEXT_STEP_CLAUSE.matcher(ml).find()
        && !FollowUpSlots.methodOf(ml).equals("other")) {
      r.intent = Intent.LOG_FOLLOWUP;
      return;
    }
    if (STATS.matcher(ml).find() && !r.linked()) {
      r.intent = Intent.PIPELINE;
      return;
    }
    OutcomeWords.Hit outcome = OutcomeWords.in(ml);
    if (outcome != null
        && (outcome.outcome() == OutcomeWords.Outcome.NOT_YET
            || outcome.outcome() == OutcomeWords.Outcome.PLANNED && r.due == null)) {
      // 星河还没签，下周再跟 / 快签了: how the deal stands, a note
      r.intent = Intent.LOG_FOLLOWUP;
      return;
    }
    if (NEW_DEAL.matcher(ml).find() && (r.amount != null || r.stages.in(m) != null)) {
      r.intent = Intent.ADD_OPPORTUNITY;
      return;
    }
    if (stageAfterCustomer(r, m)) {
      r.intent = Intent.MOVE_STAGE;
      return;
    }
    Matcher move = OpportunitySlots.MOVE_WORD.matcher(ml);
    if (move.find() && r.stages.in(m.substring(move.end())) != null) {
      r.intent = Intent.MOVE_STAGE;
      return;
    }
    if (r.linked() && SHOW.matcher(ParseRun.clean(m).replace(" ", "")).matches()) {
      // a known customer's name and nothing else: look it up
      r.intent = Intent.FIND_CUSTOMER;
      return;
    }
    // 汾河酒业 谈判中, 山城火锅 成交 3.5万: a stage named as the last word (the amount aside)
    String words = r.amountStart < 0 ? m : m.substring(0, r.amountStart) + m.substring(r.amountEnd);
    String[] tokens = ParseRun.clean(words).split(" ");
    String last = STAGE_TAIL.matcher(tokens[tokens.length - 1]).replaceAll("");
    if (tokens.length >= (r.linked() ? 1 : 2)
        && tokens.length <= 3
        && r.stages.isName(last)
        && r.due == null
        && r.date == null) {
      r.intent = Intent.MOVE_STAGE;
      return;
    }
    if (outcome != null && !OutcomeWords.open(outcome) && !FREE_REMINDER.matcher(ml).lookingAt()) {
      r.intent = Intent.MOVE_STAGE;
      return;
    }
    if (NAMED_ASK.matcher(ml).find()) {
      r.intent = Intent.FIND_CUSTOMER;
      return;
    }
    if (m.strip().length() <= 20) {
      for (Map.Entry<Pattern, Intent> e : ANYWHERE) {
        if (e.getKey().matcher(ml).find()) {
          r.intent = e.getValue();
          return;
        }
      }
    }
    if (r.linked()
        && r.due == null
        && QUESTION.matcher(ml).find()
        && !FREE_REMINDER.matcher(ml.strip()).lookingAt()) {
      // 星河在哪个阶段 / 我的客户里有星河吗: a question about a known customer shows its card
      r.intent = Intent.FIND_CUSTOMER;
      return;
    }
    if (ABOUT_CUSTOMER.matcher(r.lower).matches()) {
      r.intent = Intent.FIND_CUSTOMER;
      return;
    }
    boolean deadline =
        r.due != null
            && r.dueEnd >= 0
            && (DEADLINE_AFTER.matcher(r.text.substring(r.dueEnd)).find()
                || r.text.substring(r.dueStart, r.dueEnd).endsWith("前"))
            // 刚开完会，他们下周五前给答复: what was done before the deadline is still done
            && !PAST_MARK.matcher(ml.substring(0, r.dueStart)).find();
    boolean explicitPast =
        FREE_FOLLOWUP.matcher(ml).find()
            && (r.due == null || PAST_MARK.matcher(ml).find())
            && !deadline;
    boolean activity =
        !FollowUpSlots.methodOf(ml).equals("other")
            || Pattern.compile("去|见|聊|谈|拜访|开|打|发|沟通|交流|演示|报").matcher(ml).find();
    // 星河那边微信说预算批下来了: what the customer said, by some channel, is a note of a contact
    boolean told =
        reported(r, ml)
            || r.due == null && !FollowUpSlots.methodOf(ml).equals("other") && ml.contains("了");
    boolean pastWords = explicitPast || told || r.date != null && r.due == null && activity;
    if (r.amount != null
        && (DEAL_WORD.matcher(ml).find() && !pastWords || EXPECTED_CLOSE.matcher(ml).find())) {
      r.intent = Intent.ADD_OPPORTUNITY;
      return;
    }
    if (pastWords) {
      r.intent = Intent.LOG_FOLLOWUP;
      return;
    }
    if ((r.due != null || r.dateOnlyToday != null) && FREE_REMINDER.matcher(ml).find()) {
      r.intent = Intent.SET_REMINDER;
      return;
    }
    if (r.linked()
        && r.amount != null
        && !PAST_MARK.matcher(ml).find()
        && ParseRun.clean(m).replace(" ", "").length() <= 12) {
      // 星河 ERP 45万: a known customer, a name and an amount — a new deal
      r.intent = Intent.ADD_OPPORTUNITY;
      return;
    }
    if (r.linked()
        && ParseRun.clean(m).codePoints().filter(Character::isLetter).count() >= 2
        && !REMOVE.matcher(ml).find()) {
      // a known customer and words about it that fit nothing else: a note about that customer,
      // or, with a time ahead, something to do then
      boolean todo =
          r.due != null && r.date == null
              || !PAST_MARK.matcher(ml).find()
                  && FREE_REMINDER.matcher(ml.strip()).lookingAt()
                  && !ENGLISH_START.matcher(ml.strip()).lookingAt();
      r.intent = todo ? Intent.SET_REMINDER : Intent.LOG_FOLLOWUP;
      return;
    }
    String bare = m.strip();
    if (!bare.isEmpty()
        && bare.length() <= 16
        && !bare.contains(" ")
        && r.due == null
        && r.date == null
        && r.amount == null
        && !REMOVE.matcher(ml).find()
        && !ASKING.matcher(bare).find()
        && !bare.matches(".*[了吗呢吧啊?].*")) {
      r.intent = Intent.FIND_CUSTOMER;
    }
  }
}
