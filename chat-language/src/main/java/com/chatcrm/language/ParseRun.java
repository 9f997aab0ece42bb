package com.chatcrm.language;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One parse of one line: the text, which characters a slot has used up, and the slots found so far.
 * The rule classes ({@link CommonSlots}, {@link IntentWords}, {@link CustomerSlots}, ...) read and
 * fill it in turn; {@link #build()} turns it into the {@link ParsedCommand}.
 */
final class ParseRun {

  static final String SEP = "[\\s,.;!?。、:()\\[\\]【】]";
  static final Pattern SEPS = Pattern.compile(SEP + "+");
  // the characters of SEP, CLAUSE_END and SKIPPED as strings: the parser tests them character by
  // character, and a regex per character costs a String and a Matcher each (\s is [ \t\n\x0B\f\r])
  static final String SEP_CHAR = " \t\n\u000B\f\r,.;!?。、:()[]【】";
  static final String CLAUSE_END = ",.;!?。";
  private static final String SKIPPED = ",.;:!?。、()[]【】「」";
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern PUNCTUATED_EDGES =
      Pattern.compile("^[\\s,.;:!?。、()\\[\\]【】「」]+|[\\s,.;:!?。、()\\[\\]【】「」]+$");

  private static final Pattern MILLIONS = Pattern.compile("(\\d+(?:\\.\\d+)?)__M");
  private static final Pattern QUESTION_MARKS = Pattern.compile("[?？]+");

  private static final Pattern LEAD_WORD = Pattern.compile("^(再|要|去)?\\s*");
  private static final Pattern LEAD_ENGLISH = Pattern.compile("^(?i)(to|that) ");

  final String text;
  final String lower;

  /** Which characters a slot has used up: written only through use and free, which keep masked. */
  final boolean[] used;

  /** masked() as last built, or null once a character was used or freed since. */
  private String masked;

  final ZonedDateTime now;
  final StageVocabulary stages;

  Intent intent = Intent.UNKNOWN;
  int bodyStart;
  boolean keyword;
  String customer;
  final List<String> candidates = new ArrayList<>();
  Long customerId;

  /** The characters of the customer the linker found, or -1: no rule may guess another. */
  int linkStart = -1;

  int linkEnd = -1;
  int linkTail = -1;
  String level;
  LocalDate closeDate;
  String repeat;
  String plan;
  String period;
  String contact;
  String phone;
  String method;
  BigDecimal amount;
  int amountStart = -1;
  int amountEnd = -1;
  String stage;
  String scope;
  LocalDate date;
  OffsetDateTime due;
  int dueStart = -1;
  int dueEnd = -1;
  final List<String> mentions = new ArrayList<>();
  String opportunity;
  String nextStep;
  String contentOverride;
  OffsetDateTime dateOnlyToday;
  TimeExpressions.Hit laterHit;

  ParseRun(String text, ZonedDateTime now, StageVocabulary stages) {
    // __M only ever comes from EnglishWords (3 million): most lines skip the regex
    this.text = text.contains("__M") ? MILLIONS.matcher(text).replaceAll("$1百万") : text;
    this.lower = this.text.toLowerCase(Locale.ROOT);
    this.used = new boolean[this.text.length()];
    this.now = now;
    this.stages = stages;
  }

  /** Whether the linker named the customer: then it is not guessed from positions. */
  boolean linked() {
    return linkStart >= 0;
  }

  /** An empty line or a bare question mark: answered with the help card. */
  boolean asksForHelp() {
    return text.isEmpty() || QUESTION_MARKS.matcher(text).matches();
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
      if (!used[i]) {
        used[i] = true;
        masked = null;
      }
    }
  }

  /** Gives characters back (a customer unlinked). */
  void free(int start, int end) {
    for (int i = start; i < end; i++) {
      used[i] = false;
    }
    masked = null;
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
    // read many times per line, by every rule: built again only after a change
    if (masked == null) {
      char[] b = text.toCharArray();
      for (int i = 0; i < b.length; i++) {
        if (used[i]) {
          b[i] = ' ';
        }
      }
      masked = new String(b);
    }
    return masked;
  }

  /**
   * The masked text, but a customer named after the first words (给蓝鲸发了邮件) stays: the note reads
   * wrong with a hole in it.
   */
  private String storyText() {
    String m = masked();
    if (linkStart <= 0 || m.substring(0, linkStart).codePoints().noneMatch(Character::isLetter)) {
      return m;
    }
    return m.substring(0, linkStart) + text.substring(linkStart, linkEnd) + m.substring(linkEnd);
  }

  static String clean(String s) {
    String spaced = SPACES.matcher(s).replaceAll(" ");
    if (hasOtherLineEnd(spaced)) {
      // "$" may stand before such a terminator: the regex decides
      return PUNCTUATED_EDGES.matcher(spaced).replaceAll("").strip();
    }
    // PUNCTUATED_EDGES without a regex: the leading and the trailing run of edge characters
    int from = 0;
    int to = spaced.length();
    while (from < to && is(EDGE, spaced.charAt(from))) {
      from++;
    }
    while (to > from && is(EDGE, spaced.charAt(to - 1))) {
      to--;
    }
    return spaced.substring(from, to).strip();
  }

  /** The characters of PUNCTUATED_EDGES' class. */
  private static final String EDGE = " \t\n\u000B\f\r,.;:!?。、()[]【】「」";

  /** A line terminator that \s does not take (U+0085, U+2028, U+2029). */
  private static boolean hasOtherLineEnd(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  static boolean is(String oneOf, char c) {
    return oneOf.indexOf(c) >= 0;
  }

  ParsedCommand build() {
    boolean story =
        intent == Intent.SET_REMINDER || intent == Intent.LOG_FOLLOWUP || intent == Intent.MENTION;
    String content =
        contentOverride != null ? contentOverride : clean(story ? storyText() : masked());
    if (story) {
      content =
          LEAD_ENGLISH.matcher(LEAD_WORD.matcher(content).replaceAll("$1")).replaceAll("").strip();
    }
    if (intent == Intent.HELP || intent == Intent.UNKNOWN) {
      content = intent == Intent.UNKNOWN ? clean(text) : "";
      // a line not understood carries no time to act on (今天天气不错)
      date = null;
      due = null;
      repeat = null;
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
        level,
        customerId,
        closeDate,
        repeat,
        plan,
        period);
  }
}
