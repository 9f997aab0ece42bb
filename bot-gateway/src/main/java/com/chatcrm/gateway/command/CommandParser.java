package com.chatcrm.gateway.command;

import com.chatcrm.engine.opportunity.StageKind;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat command language: one line of Chinese (or English) in, the intent and its slots out.
 * Pure — no database, no clock of its own: the caller passes the message time in the tenant's zone
 * and the tenant's stage names, so the same line always parses the same way.
 */
public final class CommandParser {

  /** A stage the tenant uses, by name, and whether it wins or loses the deal. */
  public record StageName(String name, StageKind kind) {}

  public static final List<StageName> DEFAULT_STAGES =
      List.of(
          new StageName("初步接触", StageKind.OPEN), new StageName("需求确认", StageKind.OPEN),
          new StageName("方案报价", StageKind.OPEN), new StageName("谈判签约", StageKind.OPEN),
          new StageName("赢单", StageKind.WON), new StageName("输单", StageKind.LOST));

  private static final String SEP = "[\\s,.;!?。、:()\\[\\]【】]";
  private static final Pattern SEPS = Pattern.compile(SEP + "+");
  // compiled once: the parser tests them character by character, and String.matches compiles on
  // every call
  private static final Pattern SEP_CHAR = Pattern.compile(SEP);
  private static final Pattern CLAUSE_END = Pattern.compile("[,.;!?。]");
  private static final Pattern SKIPPED = Pattern.compile("[,.;:!?。、()\\[\\]【】「」]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern PUNCTUATED_EDGES =
      Pattern.compile("^[\\s,.;:!?。、()\\[\\]【】「」]+|[\\s,.;:!?。、()\\[\\]【】「」]+$");

  /** Leading keywords, English aliases too; the longest that fits wins. */
  private static final Map<String, Intent> KEYWORDS = new LinkedHashMap<>();

  static {
    for (String k :
        List.of(
            "新客户",
            "新建客户",
            "新增客户",
            "添加客户",
            "录入客户",
            "加客户",
            "建客户",
            "创建客户",
            "加个客户",
            "new customer",
            "add customer",
            "create customer")) {
      KEYWORDS.put(k, Intent.ADD_CUSTOMER);
    }
    for (String k :
        List.of(
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
            "note")) {
      KEYWORDS.put(k, Intent.LOG_FOLLOWUP);
    }
    for (String k :
        List.of(
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
            "reminder")) {
      KEYWORDS.put(k, Intent.SET_REMINDER);
    }
    for (String k :
        List.of(
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
            "opp")) {
      KEYWORDS.put(k, Intent.ADD_OPPORTUNITY);
    }
    for (String k :
        List.of(
            "查找客户", "查客户", "搜客户", "找客户", "查找", "查询", "查一下", "查下", "查", "搜索", "搜一下", "搜", "找一下",
            "找下", "find", "search", "lookup", "look up")) {
      KEYWORDS.put(k, Intent.FIND_CUSTOMER);
    }
    for (String k : List.of("销售漏斗", "我的漏斗", "团队漏斗", "漏斗", "业绩", "管道", "pipeline", "funnel")) {
      KEYWORDS.put(k, Intent.PIPELINE);
    }
    for (String k :
        List.of("日报", "今日日报", "今天日报", "团队日报", "看日报", "daily report", "daily", "report")) {
      KEYWORDS.put(k, Intent.DAILY_REPORT);
    }
    for (String k :
        List.of(
            "待办", "我的待办", "今日待办", "今天待办", "我的提醒", "提醒列表", "逾期", "todo", "to-do", "to do", "tasks",
            "agenda")) {
      KEYWORDS.put(k, Intent.TODO);
    }
    for (String k : List.of("公海", "看公海", "公海客户", "公海列表", "pool")) {
      KEYWORDS.put(k, Intent.POOL);
    }
    for (String k : List.of("领取", "认领", "捞回", "捞", "claim")) {
      KEYWORDS.put(k, Intent.CLAIM);
    }
    for (String k : List.of("转交", "移交", "转给", "转移", "transfer", "reassign")) {
      KEYWORDS.put(k, Intent.TRANSFER);
    }
    for (String k : List.of("推进", "阶段", "move", "stage")) {
      KEYWORDS.put(k, Intent.MOVE_STAGE);
    }
    for (String k :
        List.of("帮助", "help", "?", "怎么用", "使用说明", "菜单", "命令", "你好", "您好", "hi", "hello")) {
      KEYWORDS.put(k, Intent.HELP);
    }
  }

  private static final List<String> KEYWORDS_BY_LENGTH =
      KEYWORDS.keySet().stream()
          .sorted(Comparator.comparingInt(String::length).reversed())
          .toList();

  /** Words that, anywhere in a short line, name a listing intent. */
  private static final List<Map.Entry<Pattern, Intent>> ANYWHERE =
      List.of(
          Map.entry(Pattern.compile("漏斗|业绩|pipeline|funnel"), Intent.PIPELINE),
          Map.entry(Pattern.compile("日报|daily report"), Intent.DAILY_REPORT),
          Map.entry(Pattern.compile("待办|要做什么|有什么事|逾期|到期的提醒|我的提醒|todo|to-do|my tasks"), Intent.TODO),
          Map.entry(Pattern.compile("公海"), Intent.POOL));

  private static final Pattern MOVE_WORD =
      Pattern.compile("推进到|推进至|推到|进入到|进入|进到|到了|改为|改成|移到|变为|变成|转入|升到|->|→|\\bto\\b|推进");
  private static final Pattern WON_WORD =
      Pattern.compile("赢单|赢了|签单了|签约了|成交了|拿下了|拿下|搞定了|\\bwon\\b|\\bwin\\b");
  private static final Pattern LOST_WORD =
      Pattern.compile("输单|输了|丢单|丢了|黄了|没戏了|\\blost\\b|\\blose\\b");

  private static final Pattern MOBILE =
      Pattern.compile("(?<![\\d])(?:\\+?86[-\\s]?)?1[3-9]\\d(?:[-\\s]?\\d{4}){2}(?![\\d])");
  private static final Pattern LANDLINE = Pattern.compile("(?<![\\d])0\\d{2,3}-\\d{7,8}(?![\\d])");

  /** What a rep asks a colleague to do, ahead of the customer's name in "@李四 帮忙跟进一下 星河". */
  private static final Pattern REQUEST =
      Pattern.compile("^(?:麻烦|辛苦)?(?:你)?(?:帮忙|帮我|帮)?(?:跟进|跟|看看|看|处理|联系|对接|回访|负责|关注|了解)?(?:一下|下)?");

  private static final Pattern MENTION = Pattern.compile("[@]([^\\s@,.;:!?。、]{1,12})");
  private static final Pattern CONTACT_KEY =
      Pattern.compile(
          "(?:联系人|对接人|contact)\\s*:?\\s*([^\\s,.;:!?。、\\d]{1,10})", Pattern.CASE_INSENSITIVE);
  private static final String TITLES = "(?:经理|总监|总|老师|主任|工|先生|女士|小姐|老板|助理|秘书|主管|部长|处长|科长)";
  private static final Pattern CONTACT_TITLE =
      Pattern.compile(
          "(?<=^|[\\s,和跟与找约见给问系访]|了)(?![和跟与找约见给问])(\\p{IsHan}{1,2}?"
              + TITLES
              + ")(?=聊|谈|沟通|开|通|见|约|说|确认|对接|电话|微信|打|吃|$|"
              + SEP
              + "|的)");

  /** Verbs and method words that end a customer name written without a space after it. */
  private static final Pattern NAME_END =
      Pattern.compile(
          "电话|打电话|微信|拜访|上门|邮件|开会|会议|视频|聊|谈|沟通|说|约|见|发|去|来|报价|今天|明天|昨天|后天|下周|本周|这周|上午|下午"
              + "|晚上|中午|早上|需求|合同|方案|推进|转给|的|了|确认|签|交|已|要|想|在|和|跟|同|对|把|给|是");

  /** Words no company name has: where a name typed without a space must end. */
  private static final Pattern STRONG_END =
      Pattern.compile(
          "电话|打电话|微信|拜访|上门|邮件|开会|会议|聊了|谈了|沟通|发了|约了|报价|今天|明天|昨天|后天|下周|上周|本周|上午|下午|晚上|中午");

  private static final List<Pattern> CUSTOMER_PATTERNS =
      List.of(
          Pattern.compile(
              "去(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:开|谈|拜访|见|聊|签|送|参加|做|看|演示|交流|沟通|了解)"),
          Pattern.compile("拜访了?(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?=的|,|$|\\s|。|聊|谈)"),
          Pattern.compile("给(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:打|发|送|回|寄|报|做|演示|准备)"),
          Pattern.compile(
              "(?:和|跟|与)(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:的|聊|谈|开|沟通|通|约|见|签|打|电话|微信)"),
          Pattern.compile(
              "(?:回访|联系|约见|催|跟进|提醒)(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?=回款|付款|签|的|$|\\s|,|。|要|报价|合同|发|确认|续费|尾款|开票|对账)"),
          Pattern.compile("(?:^|\\s)(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:的|那边|这边|那家)"),
          Pattern.compile(
              "(?:call|called|email|emailed|visit|visited|meet|met|with|to)\\s+([A-Za-z][\\w&.-]{1,30})",
              Pattern.CASE_INSENSITIVE));

  private static final Pattern NOT_A_NAME =
      Pattern.compile(
          "(?i)客户|他们|对方|我们|大家|老板|领导|同事|call|send|email|visit|meet|the|a|an|about|to|me|him|her|them|prepare");

  private static final List<Map.Entry<String, Pattern>> METHODS =
      List.of(
          Map.entry(
              "meeting",
              Pattern.compile(
                  "视频会议|腾讯会议|线上会议|开会|会议|需求会|开[了完]?.{0,6}会|\\bmeeting\\b|zoom",
                  Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "call",
              Pattern.compile("电话|通话|电联|致电|\\bcall(ed)?\\b|\\bphone\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "wechat", Pattern.compile("微信|wechat|weixin|\\bwx\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry("email", Pattern.compile("邮件|邮箱|\\be-?mail(ed)?\\b", Pattern.CASE_INSENSITIVE)),
          Map.entry(
              "visit",
              Pattern.compile(
                  "拜访|上门|登门|面谈|见面|面访|去了|\\bvisit(ed)?\\b|去\\p{IsHan}{1,10}?(开|谈|见|聊|签|演示|交流)",
                  Pattern.CASE_INSENSITIVE)));

  private static final Pattern FREE_FOLLOWUP =
      Pattern.compile(
          "聊了|谈了|沟通了|开了|见了|拜访了|去了|开完|聊完|谈完|见完|刚和|刚跟|刚刚|刚才|打了|发了|约了|签了|报了|演示了|交流了|确认了|通了|回复了|说了|看了|参加了"
              + "|去\\p{IsHan}{1,10}?(开|谈|见|聊|签|演示|交流)|\\b(called|visited|met|emailed|talked)\\b");
  private static final Pattern FREE_REMINDER =
      Pattern.compile(
          "给|打|发|回访|联系|约|拜访|催|准备|跟进|寄|送|提交|签|见|开会|交|汇报|演示|\\b(call|send|email|visit)\\b");
  private static final Pattern DEAL_WORD = Pattern.compile("项目|单子|商机|框架|合同|采购|预算|订单|deal");

  private final List<StageName> defaultStages;

  public CommandParser() {
    this(DEFAULT_STAGES);
  }

  public CommandParser(List<StageName> defaultStages) {
    this.defaultStages = List.copyOf(defaultStages);
  }

  public ParsedCommand parse(String text, ZonedDateTime now) {
    return parse(text, now, defaultStages);
  }

  /**
   * @param now the message time in the tenant's time zone; every relative expression is resolved
   *     against it
   * @param stages the tenant's active stages, to recognise 谈判签约 or a renamed stage
   */
  public ParsedCommand parse(String text, ZonedDateTime now, List<StageName> stages) {
    return new Run(normalize(text), now, stages.isEmpty() ? defaultStages : stages).parse();
  }

  /**
   * Whether the line starts with a command word (跟进, 提醒我, 帮助, ...): then it is a new command, not
   * an answer.
   */
  public boolean leadsWithKeyword(String text, ZonedDateTime now) {
    Run run = new Run(normalize(text), now, defaultStages);
    if (run.text.isEmpty() || run.text.matches("[?？]+")) {
      return true;
    }
    run.mentions();
    run.phones();
    run.amounts();
    run.times();
    run.leadingKeyword();
    return run.keyword;
  }

  /** Full-width to half-width, English time words to Chinese, one space between words. */
  static String normalize(String text) {
    String t = text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC);
    t =
        t.replace('\u3000', ' ')
            .replace('\u00a0', ' ')
            .replace('“', ' ')
            .replace('”', ' ')
            .replace('＠', '@');
    t = t.replaceAll("[\\s]+", " ").strip();
    if (t.matches(".*[A-Za-z].*")) {
      t = english(t);
    }
    return t;
  }

  private static final String[] WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
  };
  private static final String[] WEEKDAY_ZH = {"一", "二", "三", "四", "五", "六", "日"};

  private static String english(String t) {
    String s = t;
    s = s.replaceAll("(?i)\\bthe day after tomorrow\\b", "后天");
    s = s.replaceAll("(?i)\\btomorrow (morning)\\b", "明天上午");
    s = s.replaceAll("(?i)\\btomorrow (afternoon)\\b", "明天下午");
    s = s.replaceAll("(?i)\\btomorrow (evening|night)\\b", "明天晚上");
    s = s.replaceAll("(?i)\\btomorrow\\b", "明天");
    s = s.replaceAll("(?i)\\btoday\\b", "今天");
    s = s.replaceAll("(?i)\\btonight\\b", "今晚");
    s = s.replaceAll("(?i)\\byesterday\\b", "昨天");
    s = s.replaceAll("(?i)\\bthis (morning)\\b", "今天上午");
    s = s.replaceAll("(?i)\\bthis (afternoon)\\b", "今天下午");
    s = s.replaceAll("(?i)\\bnext week\\b", "下周");
    s = s.replaceAll("(?i)\\bend of (the )?month\\b", "月底");
    for (int i = 0; i < 7; i++) {
      s = s.replaceAll("(?i)\\bnext " + WEEKDAYS[i] + "\\b", "下周" + WEEKDAY_ZH[i]);
      s = s.replaceAll("(?i)\\b(on |this )?" + WEEKDAYS[i] + "\\b", "周" + WEEKDAY_ZH[i]);
    }
    s = s.replaceAll("(?i)\\bin half an hour\\b", "半小时后");
    s = s.replaceAll("(?i)\\bin (\\d+) ?(minutes|minute|mins|min)\\b", "$1分钟后");
    s = s.replaceAll("(?i)\\bin (\\d+) ?(hours|hour|hrs|hr|h)\\b", "$1小时后");
    s = s.replaceAll("(?i)\\bin (\\d+) ?days?\\b", "$1天后");
    s = s.replaceAll("(?i)\\bin (\\d+) ?weeks?\\b", "$1周后");
    s = s.replaceAll("(?i)\\b(?:at )?(\\d{1,2}):(\\d{2}) ?pm\\b", "下午$1:$2");
    s = s.replaceAll("(?i)\\b(?:at )?(\\d{1,2}):(\\d{2}) ?am\\b", "上午$1:$2");
    s = s.replaceAll("(?i)\\b(?:at )?(\\d{1,2}) ?pm\\b", "下午$1点");
    s = s.replaceAll("(?i)\\b(?:at )?(\\d{1,2}) ?am\\b", "上午$1点");
    s = s.replaceAll("(?i)\\bat (\\d{1,2}:\\d{2})\\b", "$1");
    s = s.replaceAll("(?i)\\b(\\d+(?:\\.\\d+)?) ?(million|m)\\b", "$1百万");
    s = s.replaceAll("(?i)(\\d+(?:\\.\\d+)?)百万", "$1__M");
    return s.replaceAll("\\s+", " ").strip();
  }

  /** One parse: the text, which characters are used up by a slot, and the slots found so far. */
  private static final class Run {
    final String text;
    final String lower;
    final boolean[] used;
    final ZonedDateTime now;
    final List<StageName> stages;

    Intent intent = Intent.UNKNOWN;
    int bodyStart;
    boolean keyword;
    String customer;
    final List<String> candidates = new ArrayList<>();
    String contact;
    String phone;
    String method;
    BigDecimal amount;
    int amountStart = -1;
    int amountEnd = -1;
    String stage;
    String scope;
    java.time.LocalDate date;
    java.time.OffsetDateTime due;
    int dueStart = -1;
    int dueEnd = -1;
    final List<String> mentions = new ArrayList<>();
    String opportunity;
    String nextStep;
    String contentOverride;

    Run(String text, ZonedDateTime now, List<StageName> stages) {
      this.text = text.replaceAll("(\\d+(?:\\.\\d+)?)__M", "$1百万");
      this.lower = this.text.toLowerCase(Locale.ROOT);
      this.used = new boolean[this.text.length()];
      this.now = now;
      this.stages = stages;
    }

    ParsedCommand parse() {
      if (text.isEmpty() || text.matches("[?？]+")) {
        return ParsedCommand.of(Intent.HELP);
      }
      mentions();
      phones();
      amounts();
      times();
      leadingKeyword();
      if (intent == Intent.UNKNOWN) {
        freeSentence();
      }
      slots();
      return build();
    }

    // ---------------------------------------------------------------- extraction

    void mentions() {
      Matcher m = MENTION.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        int end = m.end();
        boolean spaced = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
        if (!spaced || name.codePoints().filter(Character::isIdeographic).count() > 4) {
          name = chineseName(name);
          end = m.start(1) + name.length();
        }
        mentions.add(name);
        use(m.start(), end);
      }
    }

    /**
     * @李四帮忙看下 → 李四: a Chinese name is two or three characters, and the third is rarely a verb.
     */
    private static String chineseName(String run) {
      if (!run.codePoints().allMatch(Character::isIdeographic) || run.length() <= 2) {
        return run;
      }
      if (run.length() >= 3
          && "帮看跟你请去把给和的说再也一来负处过".indexOf(run.charAt(2)) < 0
          && (run.length() == 3 || "帮看跟你请去把给和的说再也一来负处过".indexOf(run.charAt(3)) >= 0)) {
        return run.substring(0, 3);
      }
      return run.substring(0, 2);
    }

    void phones() {
      for (Pattern p : List.of(MOBILE, LANDLINE)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          if (isUsed(m.start(), m.end())) {
            continue;
          }
          if (phone == null) {
            String digits = m.group().replaceAll("[^\\d]", "");
            phone =
                p == MOBILE && digits.length() > 11
                    ? digits.substring(digits.length() - 11)
                    : p == LANDLINE ? m.group() : digits;
          }
          use(m.start(), m.end());
        }
      }
    }

    void amounts() {
      Matcher m = Amounts.matcher(text);
      while (m.find()) {
        String number = m.group(1);
        String unit = m.group(2);
        boolean digits = number.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (!digits
            && (unit.startsWith("元")
                || unit.startsWith("块")
                || unit.equalsIgnoreCase("w")
                || unit.equalsIgnoreCase("k"))) {
          continue;
        }
        if (isUsed(m.start(), m.end())) {
          continue;
        }
        amount = Amounts.value(number, unit);
        amountStart = m.start();
        amountEnd = m.end();
        return;
      }
      Matcher million = Pattern.compile("(\\d+(?:\\.\\d+)?)百万").matcher(text);
      if (million.find()) {
        amount =
            new BigDecimal(million.group(1))
                .multiply(new BigDecimal("1000000"))
                .stripTrailingZeros();
        if (amount.scale() < 0) {
          amount = amount.setScale(0);
        }
        amountStart = million.start();
        amountEnd = million.end();
      }
    }

    void times() {
      String masked = masked();
      LocalDateTime local = now.toLocalDateTime();
      for (TimeExpressions.Hit hit : TimeExpressions.find(masked, local)) {
        use(hit.start(), hit.end());
        java.time.OffsetDateTime value = hit.value().atZone(now.getZone()).toOffsetDateTime();
        boolean past = hit.value().isBefore(local.minusMinutes(1));
        boolean today = hit.value().toLocalDate().equals(local.toLocalDate());
        if (past || (today && !hit.explicitClock() && hit.text().matches("今天|今日"))) {
          if (date == null) {
            date = hit.value().toLocalDate();
          }
          if (due == null && today && !hit.explicitClock()) {
            // 今天 alone: the day, and for a reminder "later today"
            dateOnlyToday = value;
          }
        } else if (due == null) {
          due = value;
          dueStart = hit.start();
          dueEnd = hit.end();
        } else if (date == null) {
          date = hit.value().toLocalDate();
          laterHit = hit;
        }
      }
    }

    java.time.OffsetDateTime dateOnlyToday;
    TimeExpressions.Hit laterHit;

    void leadingKeyword() {
      int start = firstUnused(0);
      String rest = lower.substring(start);
      for (String k : KEYWORDS_BY_LENGTH) {
        if (rest.startsWith(k)) {
          int end = start + k.length();
          boolean latin =
              k.chars().allMatch(c -> c < 128 && Character.isLetter(c) || c == ' ' || c == '-');
          if (latin && end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            continue;
          }
          Intent i = KEYWORDS.get(k);
          // 提醒列表 / 我的提醒 are lists, not a new reminder; 客户 alone is not 查
          if (i == Intent.SET_REMINDER && rest.matches("提醒(列表|都有哪些|有哪些).*")) {
            continue;
          }
          if (i == Intent.HELP
              && start + k.length() < text.length()
              && !k.equals("?")
              && rest.length() > k.length() + 2
              && !k.matches("帮助|help|菜单|命令")) {
            continue;
          }
          // 推进 as a keyword only when a stage or 赢/输 follows
          if (i == Intent.MOVE_STAGE
              && stageIn(text.substring(end)) == null
              && !WON_WORD.matcher(rest).find()
              && !LOST_WORD.matcher(rest).find()) {
            continue;
          }
          intent = i;
          keyword = true;
          use(start, end);
          bodyStart = end;
          return;
        }
      }
      if (!mentions.isEmpty() && text.startsWith("@")) {
        // @王五 把星河转给你 is a transfer; anything else addressed to a colleague is a mention
        intent =
            Pattern.compile("转给|转交|移交").matcher(text).find() ? Intent.TRANSFER : Intent.MENTION;
        bodyStart = firstUnused(0);
      }
    }

    void freeSentence() {
      String m = masked();
      String ml = m.toLowerCase(Locale.ROOT);
      bodyStart = firstUnused(0);
      if (Pattern.compile("转给|转交给|移交给|交给").matcher(m).find()
          && (!mentions.isEmpty() || Pattern.compile("转给|转交给|移交给").matcher(m).find())) {
        intent = Intent.TRANSFER;
        return;
      }
      Matcher claim = Pattern.compile("领取|认领").matcher(m);
      if (claim.find()) {
        intent = Intent.CLAIM;
        use(0, claim.end());
        return;
      }
      if (!mentions.isEmpty()) {
        intent = Intent.MENTION;
        return;
      }
      Matcher move = MOVE_WORD.matcher(ml);
      if (move.find() && stageIn(m.substring(move.end())) != null) {
        intent = Intent.MOVE_STAGE;
        return;
      }
      String[] tokens = clean(m).split(" ");
      if (tokens.length >= 2
          && isStageName(tokens[tokens.length - 1])
          && due == null
          && date == null) {
        intent = Intent.MOVE_STAGE;
        return;
      }
      if ((WON_WORD.matcher(ml).find() || LOST_WORD.matcher(ml).find())
          && !FREE_REMINDER.matcher(ml).lookingAt()) {
        intent = Intent.MOVE_STAGE;
        return;
      }
      if (m.strip().length() <= 20) {
        for (Map.Entry<Pattern, Intent> e : ANYWHERE) {
          if (e.getKey().matcher(ml).find()) {
            intent = e.getValue();
            return;
          }
        }
      }
      if (ml.matches(".*(是谁的客户|谁负责|谁的客户|的电话|的联系方式|的负责人|怎么样了|什么情况).*")) {
        intent = Intent.FIND_CUSTOMER;
        return;
      }
      boolean explicitPast =
          FREE_FOLLOWUP.matcher(ml).find()
              && (due == null || Pattern.compile("了|过|完|刚").matcher(ml).find());
      boolean activity =
          !methodOf(ml).equals("other")
              || Pattern.compile("去|见|聊|谈|拜访|开|打|发|沟通|交流|演示|报").matcher(ml).find();
      boolean pastWords = explicitPast || date != null && due == null && activity;
      if (amount != null && DEAL_WORD.matcher(ml).find() && !pastWords) {
        intent = Intent.ADD_OPPORTUNITY;
        return;
      }
      if (pastWords) {
        intent = Intent.LOG_FOLLOWUP;
        return;
      }
      if ((due != null || dateOnlyToday != null) && FREE_REMINDER.matcher(ml).find()) {
        intent = Intent.SET_REMINDER;
        return;
      }
      String bare = m.strip();
      if (!bare.isEmpty()
          && bare.length() <= 16
          && !bare.contains(" ")
          && due == null
          && date == null
          && !bare.matches(".*[了吗呢吧啊?].*")) {
        intent = Intent.FIND_CUSTOMER;
      }
    }

    // ---------------------------------------------------------------- slots per intent

    void slots() {
      switch (intent) {
        case ADD_CUSTOMER -> {
          contactByKeyword();
          customerFirstToken(false);
          contactByTitle();
          contentOverride =
              clean(masked().replaceAll("(?i)电话|手机|座机|\\bphone\\b|\\btel\\b|联系方式|号码", " "));
        }
        case LOG_FOLLOWUP -> {
          if (keyword) {
            customerFirstToken(true);
          }
          customerByPatterns();
          if (customer == null && masked().strip().matches("\\S{2,20} .*")) {
            customerFirstToken(false);
          }
          contactByTitle();
          method = methodOf(masked());
          followUpTimes();
          followUpNextStep();
        }
        case SET_REMINDER -> {
          if (due == null && dateOnlyToday != null) {
            due = dateOnlyToday;
          }
          useLeading("我", "一下", "下");
          customerByPatterns();
        }
        case ADD_OPPORTUNITY -> {
          if (amountStart >= 0) {
            use(amountStart, amountEnd);
          }
          Matcher expect = Pattern.compile("(预计|预期|计划|争取)[^,.;!?。]*").matcher(masked());
          if (expect.find()) {
            use(expect.start(), expect.end());
          }
          wholeTokenStage();
          customerFirstToken(false);
          if (customer == null) {
            customerByPatterns();
          }
          String name = clean(masked());
          name = clean(name.replaceAll("(预计|预期|计划|争取)\\S*", " "));
          opportunity = name.isEmpty() ? null : name.replaceAll("^(的|有个|有一个)", "");
          contentOverride = "";
          if (date != null && due == null) {
            due = null;
          }
        }
        case MOVE_STAGE -> moveStage();
        case FIND_CUSTOMER -> {
          String m = masked();
          Matcher q =
              Pattern.compile("(\\S{1,20}?)\\s*(是谁的客户|谁负责|谁的客户|的电话|的联系方式|的负责人|怎么样了|什么情况)")
                  .matcher(m);
          if (q.find()) {
            customer = clean(q.group(1));
          } else {
            String rest = clean(m.replaceFirst("^(一下|下)?(客户)?", ""));
            customer = rest.isEmpty() ? null : rest;
          }
          contentOverride = "";
        }
        case PIPELINE, DAILY_REPORT, TODO, POOL -> {
          scope =
              Pattern.compile("团队|全组|我们组|部门|全员|大家|下属|\\bteam\\b", Pattern.CASE_INSENSITIVE)
                      .matcher(text)
                      .find()
                  ? "team"
                  : intent == Intent.DAILY_REPORT ? "team" : "me";
          if (intent != Intent.PIPELINE && intent != Intent.DAILY_REPORT) {
            scope = null;
          }
          if (date == null && due != null && intent != Intent.TODO) {
            date = due.toLocalDate();
          }
          due = null;
          contentOverride =
              intent == Intent.POOL
                  ? clean(masked().replaceAll("看看|看下|看一下|里|有什么|有哪些|的|客户|列表", " "))
                  : "";
        }
        case CLAIM -> {
          customerRest();
          contentOverride = "";
        }
        case TRANSFER -> transfer();
        case MENTION -> {
          customerByPatterns();
          if (customer == null) {
            customerFirstTokenLoose();
          }
        }
        default -> contentOverride = "";
      }
    }

    void customerFirstToken(boolean cutAtVerbs) {
      int start = firstUnused(bodyStart);
      if (start >= text.length()) {
        return;
      }
      int end = start;
      while (end < text.length() && !used[end] && !is(SEP_CHAR, text.charAt(end))) {
        end++;
      }
      String token = text.substring(start, end);
      if (cutAtVerbs && token.codePoints().anyMatch(Character::isIdeographic)) {
        // 跟进 电话聊了续费: no customer named; 跟进星河电话聊了续费: the name ends where the story starts
        Matcher strong = STRONG_END.matcher(token);
        if (strong.find()) {
          if (strong.start() < 2) {
            return;
          }
          token = token.substring(0, strong.start());
        } else if (token.length() > 8) {
          Matcher v = NAME_END.matcher(token);
          if (v.find(2)) {
            token = token.substring(0, v.start());
          }
        }
        end = start + token.length();
      }
      token = token.replaceAll("的$", "");
      if (token.isEmpty() || isStageName(token)) {
        return;
      }
      customer = token;
      candidates.add(0, token);
      use(start, end);
    }

    void customerFirstTokenLoose() {
      String m = masked().strip();
      String[] parts = SEPS.split(m);
      for (String part : parts) {
        // "@李四 帮忙跟进一下 星河": the request is not the customer
        String p = REQUEST.matcher(part).replaceFirst("");
        if (p.length() >= 2
            && p.codePoints().allMatch(Character::isIdeographic)
            && p.length() <= 8) {
          customer = p;
          candidates.add(p);
          return;
        }
      }
    }

    void customerRest() {
      String rest = clean(masked().replaceFirst("^\\s*(一下|下)?(客户)?", ""));
      if (!rest.isEmpty()) {
        customer = rest.split(" ")[0];
        candidates.add(customer);
      }
    }

    void customerByPatterns() {
      String m = masked();
      for (Pattern p : CUSTOMER_PATTERNS) {
        Matcher x = p.matcher(m);
        int from = 0;
        while (from < m.length() && x.find(from)) {
          from = x.start() + 1;
          String c = x.group(1).replaceAll("^(了|一下|下|个|看下|看一下|看看|问下|问问|帮忙|帮|请|把)+", "");
          Matcher titled =
              Pattern.compile("(\\p{IsHan}{2,})(\\p{IsHan}" + TITLES + ")$").matcher(c);
          if (titled.matches()) {
            c = titled.group(1);
            if (contact == null) {
              contact = titled.group(2);
            }
          }
          if (c.length() >= 2
              && !isStageName(c)
              && !c.matches(".*(" + TITLES + ")$")
              && !NOT_A_NAME.matcher(c).matches()
              && !candidates.contains(c)) {
            candidates.add(c);
          }
        }
      }
      if (customer == null && !candidates.isEmpty()) {
        customer = candidates.get(0);
      }
    }

    void contactByKeyword() {
      Matcher m = CONTACT_KEY.matcher(text);
      if (m.find() && !isUsed(m.start(), m.end())) {
        contact = m.group(1);
        use(m.start(), m.end());
      }
    }

    void contactByTitle() {
      if (contact != null) {
        return;
      }
      Matcher m = CONTACT_TITLE.matcher(masked());
      while (m.find()) {
        String c = m.group(1);
        if (customer != null && customer.contains(c)) {
          continue;
        }
        contact = c;
        if (intent == Intent.ADD_CUSTOMER) {
          use(m.start(1), m.end(1));
        }
        return;
      }
    }

    /** In a follow-up, a time whose clause says 了/过 is when it happened, not the next time. */
    void followUpTimes() {
      if (due == null || dueStart < 0) {
        return;
      }
      int stop = dueEnd;
      while (stop < text.length() && !is(CLAUSE_END, text.charAt(stop))) {
        stop++;
      }
      if (!text.substring(dueEnd, stop).matches(".*(了|过|完).*")) {
        return;
      }
      java.time.OffsetDateTime happened = due;
      due = null;
      dueStart = -1;
      java.time.LocalDate other = date;
      date = happened.toLocalDate();
      if (other != null && other.isAfter(now.toLocalDate()) && laterHit != null) {
        due = laterHit.value().atZone(now.getZone()).toOffsetDateTime();
        dueStart = laterHit.start();
        dueEnd = laterHit.end();
      }
    }

    void followUpNextStep() {
      if (due == null || dueStart < 0) {
        return;
      }
      // 下周四下午再约: what follows the next time is the next step
      int end = dueEnd;
      int stop = end;
      while (stop < text.length() && !is(CLAUSE_END, text.charAt(stop))) {
        stop++;
      }
      String step = clean(text.substring(end, stop)).replaceFirst("^(之前|以前|前)", "").strip();
      if (!step.isEmpty()) {
        nextStep = step;
        use(end, stop);
      } else {
        nextStep = "跟进";
      }
    }

    void moveStage() {
      String m = masked();
      String ml = m.toLowerCase(Locale.ROOT);
      Matcher move = MOVE_WORD.matcher(ml);
      int subjectEnd;
      if (move.find()) {
        stageSlot(m, move.end());
        if (stage == null) {
          stageSlot(m, 0);
        }
        subjectEnd = move.start();
        use(move.start(), move.end());
      } else {
        subjectEnd = m.length();
        stageSlot(m, 0);
      }
      Matcher won = WON_WORD.matcher(ml);
      Matcher lost = LOST_WORD.matcher(ml);
      if (stage == null || kindOf(stage) == StageKind.OPEN) {
        if (won.find()) {
          stage = nameOfKind(StageKind.WON);
          subjectEnd = Math.min(subjectEnd, won.start());
          use(won.start(), won.end());
        } else if (lost.find()) {
          stage = nameOfKind(StageKind.LOST);
          subjectEnd = Math.min(subjectEnd, lost.start());
          use(lost.start(), lost.end());
        }
      } else if (kindOf(stage) != StageKind.OPEN) {
        subjectEnd = Math.min(subjectEnd, firstStageMention(m));
      }
      String subject =
          clean(
              masked()
                  .substring(0, Math.min(subjectEnd, masked().length()))
                  .replaceAll("^(把|将)", ""));
      subject = subject.replaceAll("(那个|这个|的)?(商机|单子|项目)?$", "").replaceAll("(那个|这个|的)$", "");
      if (!subject.isEmpty()) {
        String[] parts = subject.split(" ");
        customer = parts[0];
        candidates.add(customer);
        opportunity = subject.replace(" ", "");
        int at = masked().indexOf(parts[0]);
        if (at >= 0) {
          use(at, Math.min(subjectEnd, masked().length()));
        }
        use(0, Math.min(subjectEnd, used.length));
      }
      // after 输单 comes the reason
    }

    int firstStageMention(String m) {
      int best = m.length();
      for (String alias : stageAliases().keySet()) {
        int i = m.toLowerCase(Locale.ROOT).indexOf(alias);
        if (i >= 0 && i < best) {
          best = i;
        }
      }
      return best;
    }

    void transfer() {
      String m = masked();
      if (mentions.isEmpty() && lower.startsWith("转给")) {
        String target = clean(m).split(" ")[0];
        if (!target.isEmpty()) {
          String n = chineseName(target);
          mentions.add(n);
          int at = m.indexOf(n);
          use(at, at + n.length());
          m = masked();
        }
      }
      Matcher to =
          Pattern.compile(
                  "(?:转给|转交给|移交给|交给|转交|移交|\\bto\\b|(?<=^|\\s)给)\\s*(?:@)?(\\p{IsHan}{2,4}|[A-Za-z]\\w{1,20})?")
              .matcher(m);
      if (to.find()) {
        if (to.group(1) != null && mentions.isEmpty()) {
          String n = chineseName(to.group(1));
          mentions.add(n);
          use(to.start(1), to.start(1) + n.length());
        }
        use(to.start(), to.group(1) != null && mentions.size() == 1 ? to.start(1) : to.end());
      }
      String rest = clean(masked().replaceAll("^(把|将)", "").replaceAll("(这个|这家)?客户", ""));
      rest = rest.replaceAll("^(把|将)", "").strip();
      if (!rest.isEmpty()) {
        customer = rest.split(" ")[0].replaceAll("(的)?(客户)?$", "");
        candidates.add(customer);
        use(0, used.length);
      }
    }

    // ---------------------------------------------------------------- stages

    Map<String, String> stageAliases() {
      Map<String, String> a = new LinkedHashMap<>();
      for (StageName s : stages) {
        a.put(s.name().toLowerCase(Locale.ROOT), s.name());
      }
      for (StageName s : stages) {
        String n = s.name();
        if (s.kind() == StageKind.OPEN && n.length() >= 4) {
          a.putIfAbsent(n.substring(0, 2), n);
          a.putIfAbsent(n.substring(n.length() - 2), n);
        }
      }
      Map<String, String> english =
          Map.of(
              "negotiation",
              "谈判",
              "proposal",
              "报价",
              "quote",
              "报价",
              "qualification",
              "需求",
              "needs",
              "需求",
              "prospect",
              "初步");
      english.forEach(
          (en, zh) -> {
            String target = a.get(zh);
            if (target != null) {
              a.putIfAbsent(en, target);
            }
          });
      for (String w : List.of("赢单", "won", "win", "成交")) {
        a.putIfAbsent(w, nameOfKind(StageKind.WON));
      }
      for (String w : List.of("输单", "lost", "丢单")) {
        a.putIfAbsent(w, nameOfKind(StageKind.LOST));
      }
      return a;
    }

    String stageIn(String s) {
      String l = s.toLowerCase(Locale.ROOT);
      String best = null;
      int at = Integer.MAX_VALUE;
      int len = 0;
      for (Map.Entry<String, String> e : stageAliases().entrySet()) {
        int i = l.indexOf(e.getKey());
        if (i >= 0 && (i < at || i == at && e.getKey().length() > len)) {
          best = e.getValue();
          at = i;
          len = e.getKey().length();
        }
      }
      return best;
    }

    void stageSlot(String m, int from) {
      String l = m.toLowerCase(Locale.ROOT);
      int at = Integer.MAX_VALUE;
      String key = null;
      for (Map.Entry<String, String> e : stageAliases().entrySet()) {
        int i = l.indexOf(e.getKey(), from);
        if (i >= 0 && (i < at || i == at && e.getKey().length() > key.length())) {
          at = i;
          key = e.getKey();
        }
      }
      if (key != null) {
        stage = stageAliases().get(key);
        use(at, at + key.length());
      }
    }

    /** A stage named as a word of its own (商机 … 方案报价), not inside a phrase (预计签约). */
    void wholeTokenStage() {
      Matcher t = Pattern.compile("[^\\s,.;:!?。、]+").matcher(masked());
      while (t.find()) {
        String alias = t.group().toLowerCase(Locale.ROOT);
        if (stageAliases().containsKey(alias)) {
          stage = stageAliases().get(alias);
          use(t.start(), t.end());
          return;
        }
      }
    }

    boolean isStageName(String s) {
      return stageAliases().containsKey(s.toLowerCase(Locale.ROOT));
    }

    StageKind kindOf(String name) {
      return stages.stream()
          .filter(s -> s.name().equals(name))
          .map(StageName::kind)
          .findFirst()
          .orElse(StageKind.OPEN);
    }

    String nameOfKind(StageKind kind) {
      return stages.stream()
          .filter(s -> s.kind() == kind)
          .map(StageName::name)
          .findFirst()
          .orElse(kind == StageKind.WON ? "赢单" : "输单");
    }

    // ---------------------------------------------------------------- helpers

    static String methodOf(String s) {
      for (Map.Entry<String, Pattern> e : METHODS) {
        if (e.getValue().matcher(s).find()) {
          return e.getKey();
        }
      }
      return "other";
    }

    void useLeading(String... words) {
      int start = firstUnused(bodyStart);
      for (String w : words) {
        if (text.startsWith(w, start)) {
          use(start, start + w.length());
          return;
        }
      }
    }

    int firstUnused(int from) {
      int i = from;
      while (i < text.length()
          && (used[i] || Character.isWhitespace(text.charAt(i)) || is(SKIPPED, text.charAt(i)))) {
        i++;
      }
      return i;
    }

    void use(int start, int end) {
      for (int i = Math.max(0, start); i < Math.min(end, used.length); i++) {
        used[i] = true;
      }
    }

    boolean isUsed(int start, int end) {
      for (int i = start; i < end; i++) {
        if (used[i]) {
          return true;
        }
      }
      return false;
    }

    /** The text with every used-up character blanked, so positions stay the same. */
    String masked() {
      StringBuilder b = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        b.append(used[i] ? ' ' : text.charAt(i));
      }
      return b.toString();
    }

    static String clean(String s) {
      return PUNCTUATED_EDGES.matcher(SPACES.matcher(s).replaceAll(" ")).replaceAll("").strip();
    }

    static boolean is(Pattern oneCharacter, char c) {
      return oneCharacter.matcher(String.valueOf(c)).matches();
    }

    ParsedCommand build() {
      String content = contentOverride != null ? contentOverride : clean(masked());
      if (intent == Intent.SET_REMINDER
          || intent == Intent.LOG_FOLLOWUP
          || intent == Intent.MENTION) {
        content =
            content.replaceAll("^(再|要|去)?\\s*", "$1").replaceAll("^(?i)(to|that) ", "").strip();
      }
      if (intent == Intent.HELP || intent == Intent.UNKNOWN) {
        content = intent == Intent.UNKNOWN ? clean(text) : "";
      }
      List<String> cands = candidates.stream().distinct().toList();
      return new ParsedCommand(
          intent,
          customer,
          cands,
          contact,
          phone,
          method,
          content.isEmpty() ? null : content,
          amount,
          stage,
          scope,
          date,
          due,
          List.copyOf(mentions),
          opportunity,
          nextStep,
          null);
    }
  }
}
