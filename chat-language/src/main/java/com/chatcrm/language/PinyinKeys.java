package com.chatcrm.language;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.util.ArrayList;
import java.util.List;

/**
 * How a Han form sounds, through HanLP's pinyin (it reads a polyphone from its word: 重庆 chongqing,
 * 银行 yinhang). Its dictionaries load on first use, once per JVM (about half a second).
 */
final class PinyinKeys {

  private PinyinKeys() {}

  /** The toneless syllables of an all-Han form (星河 → [xing, he]); empty for anything else. */
  static List<String> syllables(String han) {
    if (!NameForms.allHan(han)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Pinyin p : HanLP.convertToPinyinList(han)) {
      String s = p.getPinyinWithoutTone();
      if (s == null || s.equals("none")) {
        return List.of();
      }
      out.add(s);
    }
    return out;
  }

  /** 星河传媒 → xinghechuanmei. */
  static String full(List<String> syllables) {
    return String.join("", syllables);
  }

  /** 星河传媒 → xhcm (zh, ch and sh by their first letter, as people type them). */
  static String initials(List<String> syllables) {
    StringBuilder b = new StringBuilder();
    for (String s : syllables) {
      b.append(s.charAt(0));
    }
    return b.toString();
  }

  /**
   * Syllables spoken alike by many (in/ing, en/eng, an/ang, z/zh, c/ch, s/sh, l/n, f/h) made equal.
   */
  static String fuzzy(List<String> syllables) {
    StringBuilder b = new StringBuilder();
    for (String s : syllables) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(fuzzy(s));
    }
    return b.toString();
  }

  static String fuzzy(String syllable) {
    String s = syllable;
    if (s.startsWith("zh") || s.startsWith("ch") || s.startsWith("sh")) {
      s = s.charAt(0) + s.substring(2);
    } else if (s.startsWith("n") && !s.equals("n") && !s.equals("ng")) {
      s = "l" + s.substring(1);
    } else if (s.startsWith("h") && !s.startsWith("hm")) {
      s = "f" + s.substring(1);
    }
    if (s.endsWith("ang") || s.endsWith("eng") || s.endsWith("ing")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** Syllables joined by spaces, an exact sound key (星河 and 星和 share "xing he"). */
  static String exact(List<String> syllables) {
    return String.join(" ", syllables);
  }
}
