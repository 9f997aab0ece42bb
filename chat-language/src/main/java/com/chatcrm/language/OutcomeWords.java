package com.chatcrm.language;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a deal ended, in plain words: 签了 / 拿下了 (won), 丢了 / 被竞品抢了 (lost), 报价了 (a quote sent), and the
 * negations that flip a win: 没签下来, 没谈成, 签不下来 are losses, 还没签 is not an outcome yet. A line that
 * says a deal was not won must never read as won, so the negations are looked for first.
 */
final class OutcomeWords {

  /** What a line says about its deal. */
  enum Outcome {
    WON,
    LOST,
    /** 还没签: still open; a note, not a stage move. */
    NOT_YET,
    /** 快签了, 准备签约: ahead — a note, or with a time a reminder; never a stage move. */
    PLANNED,
    QUOTED
  }

  /** Where the words of an outcome are in the line. */
  record Hit(Outcome outcome, int start, int end, String text) {}

  private static final String WIN_VERB = "(?:签单|签约|签下来|签下|签成|做成|谈下来|签|成交|拿下来|拿下|谈成|赢单|赢|搞定|中标)";

  /** 还没签, 尚未成交: not yet — the deal is still open. */
  static final Pattern NOT_YET =
      Pattern.compile(
          "(?:还没有|还没|尚未|还未|暂未|暂时没|目前没)\\s*(?:能)?(?:正式)?"
              + WIN_VERB
              + "|(?i)\\bnot (?:signed |closed )?yet\\b|\\b(?:haven't|hasn't) (?:signed|closed) yet\\b"
              + "|签不签|谈不谈|(?:能不能|会不会|能|会|可以)"
              + WIN_VERB
              + "(?=.*[吗么?]\\s*$)");

  /** 没签下来, 没谈成, 未能成交, 签不下来, 不签了, 没戏: lost. */
  static final Pattern NEGATED_WIN =
      Pattern.compile(
          "(?<![签谈拿赢])(?:不是|并不是|并非|不算|并没有|并没|从没|没法|没有|没能|未能|没|未|不会|不)\\s*(?:再)?"
              + WIN_VERB
              + "(?:了)?|"
              + WIN_VERB
              + "(?:失败|未果|泡汤|告吹)了?|(?:签|谈|拿)不(?:下来|成|下)(?:了)?|(?i)\\b(?:not|didn't|did not|haven't|hasn't|never|failed to)\\s+(?:yet\\s+)?(?:win|won|close|closed|sign|signed)");

  /** 快签了, 马上就要成交, 差点就签了: not (yet) won. */
  static final Pattern PLANNED =
      Pattern.compile(
          "(?:快要|快|就要|要|马上|即将|准备|打算|计划|争取|差一点|差点|几乎|有望)\\s*(?:就)?(?:能|可以|要)?" + WIN_VERB);

  static final Pattern WON =
      Pattern.compile(
          "赢单|赢了|签单了|签约了|签约成功|签下来了|签下了|签了(?!\\s*(?:保密|NDA|意向|框架|协议|字|收))|签回来了|谈下来了|下单了|下了单|成交了|已经?(?:成交|签约|签单|签合同|赢单)|拿下了|拿下来了|拿下|搞定了|谈成了|中标了|中标"
              + "|\\b(?:won|win|closed won|signed)\\b",
          Pattern.CASE_INSENSITIVE);

  static final Pattern LOST =
      Pattern.compile(
          "(?:输单|丢单)了?|输了|丢了|黄了|没戏了|没戏|飞了|谈崩了|崩了|没成(?![本员功交])|被?截胡了?|(?:没有?|不)选(?:择)?我们|选了(?:别家|别人|竞品|友商)|放弃了|被\\S{0,8}?抢(?:走)?了|\\b(?:lost|lose|closed lost)\\b",
          Pattern.CASE_INSENSITIVE);

  /** 报价了 / 已报价: a quote went out — the deal is at the quote stage, not a loose note. */
  static final Pattern QUOTED =
      Pattern.compile(
          "(?<![发给])(?:报价了|已报价|报完价了|报过价了|报了价"
              + "|报价(?:单)?\\s*已发(?=\\s*\\d)|报价(?:单)?\\s*(?:已经?)?(?:发|递|交|提交|给)(?:过去|出去|给客户|给对方|给他们)?了"
              + "|报价\\s*\\d+(?:\\.\\d+)?[万wWkK千亿]元?\\s*已发)(?!单)");

  private OutcomeWords() {}

  /**
   * A rule: its pattern, what it says, and the characters one of which each of its matches holds.
   */
  private record Rule(Pattern pattern, Outcome outcome, Screen screen) {}

  /** One character of each word of WIN_VERB: 签, 做成, 谈, 成交, 拿, 赢, 搞定, 中标. */
  private static final String WIN_CHARS = "签做谈成拿赢搞中";

  private static final List<Rule> RULES =
      List.of(
          // English: not yet, haven't signed yet
          new Rule(NOT_YET, Outcome.NOT_YET, Screen.anyOfOrLatin(WIN_CHARS)),
          new Rule(NEGATED_WIN, Outcome.LOST, Screen.anyOfOrLatin(WIN_CHARS)),
          // 输单 丢单 黄了 没戏 飞了 崩了 没成 截胡 选我们 放弃了 抢了, lost
          new Rule(LOST, Outcome.LOST, Screen.anyOfOrLatin("输丢黄戏飞崩成截选弃抢")),
          new Rule(PLANNED, Outcome.PLANNED, Screen.anyOf(WIN_CHARS)),
          // 下单了 / 下了单 beside the win verbs; won, signed
          new Rule(WON, Outcome.WON, Screen.anyOfOrLatin(WIN_CHARS + "单")),
          new Rule(QUOTED, Outcome.QUOTED, Screen.anyOf("报")));

  /** 给星河报了价 is a note of what was done; 星河报价了 moves the deal. */
  private static final Pattern QUOTED_TO = Pattern.compile("给|向|跟|和");

  /** 会不会丢单, 能签下来吗, 签不签: a question about the outcome decides nothing. */
  private static final Pattern ASKED =
      Pattern.compile("会不会|能不能|是不是|有没有可能|是否|签不签|[吗么]\\s*[?]?\\s*$|[?]\\s*$");

  /** The first thing the (masked) line says about its deal, negations first, or null. */
  static Hit in(String masked) {
    for (Rule rule : RULES) {
      if (!rule.screen().admits(masked)) {
        continue;
      }
      Matcher m = rule.pattern().matcher(masked);
      if (m.find()
          && !(rule.outcome() == Outcome.QUOTED
              && QUOTED_TO.matcher(masked.substring(0, m.start())).find())) {
        // asked, not told: still open — a note, never a stage move
        Outcome o = ASKED.matcher(masked).find() ? Outcome.NOT_YET : rule.outcome();
        return new Hit(o, m.start(), m.end(), m.group());
      }
    }
    return null;
  }

  /** Whether the hit leaves the deal open (还没签, 快签了, a question). */
  static boolean open(Hit h) {
    return h != null && (h.outcome() == Outcome.NOT_YET || h.outcome() == Outcome.PLANNED);
  }

  /** Whether the hit is a negated win (没签下来, 还没签) rather than words of an outcome. */
  static boolean negation(Hit h) {
    return open(h) || h.outcome() == Outcome.LOST && NEGATED_WIN.matcher(h.text()).matches();
  }
}
