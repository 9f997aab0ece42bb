package com.chatcrm.language;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's level (潜在 / 意向 / 成交 / 流失): 星河 级别改成意向 (the grammar of the gateway's CustomerLevels),
 * 鼎海 降为潜在, 羊城印务 升级为成交客户, 紫金环保 流失了，级别改一下, set Globex level to lost.
 */
final class LevelSlots {

  private static final String REST = "(?:吧|了|啊|呀|哈)?(?:[,;。!\\s].*)?$";

  private static final Pattern LEVEL =
      Pattern.compile(
          "^(?:把|将)?(.+?)\\s*(?:的)?(?:客户)?\\s*(?:级别|等级|客户级别|level)\\s*"
              + "(?:改成|改为|设为|设成|设置为|调成|调为|调整为|变成|变为|升为|降为|是|为|:|=|to)?\\s*(潜在|意向|成交|流失)(?:客户)?"
              + REST,
          Pattern.CASE_INSENSITIVE);

  /** 星河 改成意向客户, 鼎海 降为潜在: a level word with a verb, no 级别 (成交 alone would be a stage). */
  private static final Pattern SHORT =
      Pattern.compile(
          "^(?:把|将)?(.+?)\\s*(?:改成|改为|设为|设成|调成|调为|变成|变为|升为|降为|升成|降成|升到|降到|升级为|降级为|升级成|降级成|标为|标成|标记为|标记成|转为|转成|归为|归到)\\s*"
              + "(潜在|意向|流失|成交(?=客户))(?:客户)?"
              + REST);

  /** 流失了，级别改一下: the level said anywhere in a line that asks to change the level. */
  private static final Pattern CHANGE =
      Pattern.compile(
          "(?:级别|等级)\\s*(?:改|调|设|变|升|降|更新)|(?:改|调|设|变|更新)(?:一下|下)?(?:客户)?(?:的)?(?:级别|等级)");

  private static final Pattern WORD = Pattern.compile("潜在|意向|成交|流失");
  private static final Pattern ENGLISH =
      Pattern.compile(
          "(?i)^(?:set\\s+)?(.*?)\\s*\\blevel\\b.*?\\b(potential|intent|intention|deal|won|lost)\\b.*$");

  /** One character of each level word: 潜在, 意向, 成交, 流失. */
  private static final Screen LEVEL_WORD = Screen.anyOf("潜意成流");

  private LevelSlots() {}

  static boolean read(ParseRun r) {
    // LEVEL, SHORT and WORD all need a level word, ENGLISH the word level: most lines have neither
    if (!LEVEL_WORD.admits(r.text)) {
      return r.lower.contains("level") && english(r);
    }
    Matcher m = LEVEL.matcher(r.text);
    if (!m.matches()) {
      m = SHORT.matcher(r.text);
    }
    if (m.matches()) {
      return set(r, m.group(1), m.group(2));
    }
    Matcher change = CHANGE.matcher(r.text);
    Matcher word = WORD.matcher(r.text);
    if (change.find() && word.find()) {
      int at = word.start();
      String level = word.group();
      if (!word.find()) {
        return set(r, r.text.substring(0, at), level);
      }
    }
    return english(r);
  }

  private static boolean english(ParseRun r) {
    Matcher english = ENGLISH.matcher(r.text);
    if (english.matches()) {
      return set(r, english.group(1), english.group(2).toLowerCase(java.util.Locale.ROOT));
    }
    return false;
  }

  private static boolean set(ParseRun r, String typed, String level) {
    r.intent = Intent.SET_LEVEL;
    r.level =
        switch (level) {
          case "潜在", "potential" -> "potential";
          case "意向", "intent", "intention" -> "intent";
          case "成交", "deal", "won" -> "deal";
          default -> "lost";
        };
    if (!r.linked()) {
      String c = ParseRun.clean(typed).replaceAll("(的|客户)+$", "");
      if (!c.isEmpty()) {
        r.customer = c;
        r.candidates.add(c);
      }
    }
    r.contentOverride = "";
    return true;
  }
}
