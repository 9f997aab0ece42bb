package com.chatcrm.language;

import java.text.Normalizer;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The chat command language: one line of Chinese (or English) in, the intent and its slots out.
 * Pure — no database, no clock of its own: the caller passes the message time in the tenant's zone
 * and the tenant's stage names, so the same line always parses the same way.
 *
 * <p>A parse reads the slots every line may carry ({@link CommonSlots}), then the intent ({@link
 * IntentWords}), then that intent's slots ({@link CustomerSlots}, {@link FollowUpSlots}, {@link
 * OpportunitySlots}, {@link QuerySlots}), all on one {@link ParseRun}.
 */
public final class CommandParser {

  /** A stage the tenant uses, by name, and whether it wins or loses the deal. */
  public record StageName(String name, StageKind kind) {}

  public static final List<StageName> DEFAULT_STAGES =
      List.of(
          new StageName("初步接触", StageKind.OPEN), new StageName("需求确认", StageKind.OPEN),
          new StageName("方案报价", StageKind.OPEN), new StageName("谈判签约", StageKind.OPEN),
          new StageName("赢单", StageKind.WON), new StageName("输单", StageKind.LOST));

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
    return parse(text, now, stages, CustomerLinker.NONE);
  }

  /**
   * @param customers the customers the user may see, found anywhere in the line; a linked span is
   *     the customer, ahead of any guess from positions
   */
  public ParsedCommand parse(
      String text, ZonedDateTime now, List<StageName> stages, CustomerLinker customers) {
    ParseRun run = new ParseRun(normalize(text), now, stages.isEmpty() ? defaultStages : stages);
    if (run.asksForHelp()) {
      return ParsedCommand.of(Intent.HELP);
    }
    CommonSlots.read(run);
    LinkedCustomers.read(run, customers);
    // the lines with a grammar of their own fill their slots themselves
    if (!(QuestionWords.read(run) || CorrectionSlots.read(run) || EditSlots.read(run))) {
      IntentWords.leadingKeyword(run);
      if (run.intent == Intent.UNKNOWN) {
        FreeSentences.read(run);
      }
      slots(run);
    }
    return run.build();
  }

  /**
   * Whether the line starts with a command word (跟进, 提醒我, 帮助, ...): then it is a new command, not
   * an answer.
   */
  public boolean leadsWithKeyword(String text, ZonedDateTime now) {
    ParseRun run = new ParseRun(normalize(text), now, defaultStages);
    if (run.asksForHelp()) {
      return true;
    }
    CommonSlots.read(run);
    IntentWords.leadingKeyword(run);
    return run.keyword;
  }

  /** The slots of the intent found, each group of intents by its own class. */
  private static void slots(ParseRun run) {
    switch (run.intent) {
      case ADD_CUSTOMER -> CustomerSlots.addCustomer(run);
      case LOG_FOLLOWUP -> FollowUpSlots.logFollowUp(run);
      case SET_REMINDER -> FollowUpSlots.setReminder(run);
      case ADD_OPPORTUNITY -> OpportunitySlots.addOpportunity(run);
      case MOVE_STAGE -> OpportunitySlots.moveStage(run);
      case FIND_CUSTOMER -> QuerySlots.findCustomer(run);
      case PIPELINE, DAILY_REPORT, TODO, POOL -> QuerySlots.listing(run);
      case CLAIM -> CustomerSlots.claim(run);
      case TRANSFER -> CustomerSlots.transfer(run);
      case MENTION -> CustomerSlots.mention(run);
      default -> run.contentOverride = "";
    }
  }

  /** Full-width to half-width, English time words to Chinese, one space between words. */
  public static String normalize(String text) {
    String t = text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFKC);
    t =
        t.replace('\u3000', ' ')
            .replace('\u00a0', ' ')
            .replace('“', ' ')
            .replace('”', ' ')
            .replace('＠', '@');
    t = t.replaceAll("[\\s]+", " ").strip();
    // 明儿 / 今儿: spoken forms of 明天 / 今天
    t = t.replace("明儿个", "明天").replace("明儿", "明天").replace("今儿个", "今天").replace("今儿", "今天");
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
    s = s.replaceAll("(?i)\\bend of (the )?year\\b", "年底");
    s = s.replaceAll("(?i)\\bnext month\\b", "下个月");
    s = s.replaceAll("(?i)\\bthis month\\b", "本月");
    s =
        s.replaceAll(
            "(?i)\\b(?:closing|expected to close|to close|close|signing)\\s+(?:in |by )?(下个月|本月|月底|年底)",
            "预计$1签约");
    s = s.replaceAll("(?i)\\bevery (?:weekday|workday|working day)s?\\b", "每个工作日");
    s = s.replaceAll("(?i)\\bevery ?day\\b", "每天");
    s = s.replaceAll("(?i)\\b(?:at the )?end of every month\\b|\\bevery month end\\b", "每月底");
    for (int i = 0; i < 7; i++) {
      s = s.replaceAll("(?i)\\bevery " + WEEKDAYS[i] + "\\b", "每周" + WEEKDAY_ZH[i]);
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
}
