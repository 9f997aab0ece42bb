package com.chatcrm.language;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.text.Normalizer;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Pattern;

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

  /**
   * The vocabulary of each stage list seen, by value: the gateway builds the tenant's list afresh
   * per message, and building the vocabulary each time cost more than reading most lines.
   */
  private static final Cache<List<StageName>, StageVocabulary> VOCABULARIES =
      Caffeine.newBuilder().maximumSize(1_000).build();

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
    ParseRun run =
        new ParseRun(normalize(text), now, vocabulary(stages.isEmpty() ? defaultStages : stages));
    if (run.asksForHelp()) {
      return ParsedCommand.of(Intent.HELP);
    }
    CommonSlots.read(run);
    LinkedCustomers.read(run, customers);
    // the lines with a grammar of their own fill their slots themselves
    if (!(LeadSlots.read(run)
        || QuestionWords.read(run)
        || CorrectionSlots.read(run)
        || ContractSlots.read(run)
        || EditSlots.read(run))) {
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
    ParseRun run = new ParseRun(normalize(text), now, vocabulary(defaultStages));
    if (run.asksForHelp()) {
      return true;
    }
    CommonSlots.read(run);
    IntentWords.leadingKeyword(run);
    return run.keyword;
  }

  private static StageVocabulary vocabulary(List<StageName> stages) {
    StageVocabulary known = VOCABULARIES.getIfPresent(stages);
    // a copy for the key: a caller's list may change after the parse
    return known != null ? known : VOCABULARIES.get(List.copyOf(stages), StageVocabulary::new);
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

  private static final Pattern WHITESPACE = Pattern.compile("[\\s]+");

  /**
   * What {@code t.matches(".*[A-Za-z].*")} said, without a regex: a Latin letter, and no line
   * terminator left (\s does not take U+0085, U+2028, U+2029, and "." stops at them).
   */
  private static boolean latinOnOneLine(String t) {
    boolean latin = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return false;
      }
      latin |= c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
    return latin;
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
    t = WHITESPACE.matcher(t).replaceAll(" ").strip();
    // 明儿 / 今儿: spoken forms of 明天 / 今天
    t = t.replace("明儿个", "明天").replace("明儿", "明天").replace("今儿个", "今天").replace("今儿", "今天");
    if (latinOnOneLine(t)) {
      t = EnglishWords.translate(t);
    }
    return t;
  }
}
