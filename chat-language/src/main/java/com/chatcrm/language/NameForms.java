package com.chatcrm.language;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms a customer's name is said in: 北京星河传媒有限公司 is also 星河传媒有限公司, 北京星河传媒, 星河传媒 and 星河;
 * 阿里巴巴(中国)有限公司 is also 阿里巴巴. The name itself comes first and is never derived; the rest are derived
 * and may still be refused as too common to link ({@link CommonWords}).
 */
final class NameForms {

  /** One form of a name; {@code derived} when the user never typed it as the name or an alias. */
  record Form(String text, boolean derived) {}

  private static final Pattern BRACKET = Pattern.compile("\\(([^()]*)\\)");
  private static final Pattern EDGE_PUNCT = Pattern.compile("^[\\s,.，、·]+|[\\s,.，、·]+$");
  private static final int MIN_HAN = 2;

  private NameForms() {}

  /** Every form of {@code name}, the name first, without duplicates, in a fixed order. */
  static List<Form> of(String name) {
    String n = normalize(name);
    Map<String, Boolean> out = new LinkedHashMap<>();
    if (n.isEmpty()) {
      return List.of();
    }
    out.put(n, false);
    if (hanCount(n) == 0) {
      latinForms(n, out);
    } else {
      hanForms(n, out);
    }
    List<Form> forms = new ArrayList<>();
    out.forEach((text, derived) -> forms.add(new Form(text, derived)));
    return forms;
  }

  /** NFKC as the parser does, so that a name with full-width brackets matches the parsed line. */
  static String normalize(String name) {
    return name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFKC).strip();
  }

  /**
   * One character of a line or form as the matcher compares it: full-width ASCII folded to ASCII,
   * Latin lower-cased. One char for one char, so positions in the folded text are positions in the
   * given text.
   */
  static char fold(char c) {
    if (c >= '\uFF01' && c <= '\uFF5E') {
      c = (char) (c - 0xFEE0);
    } else if (c == '\u3000') {
      c = ' ';
    }
    return Character.toLowerCase(c);
  }

  static String fold(String s) {
    char[] cs = s.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      cs[i] = fold(cs[i]);
    }
    return new String(cs);
  }

  static boolean isHan(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
  }

  static int hanCount(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += isHan(s.charAt(i)) ? 1 : 0;
    }
    return n;
  }

  static boolean allHan(String s) {
    return !s.isEmpty() && hanCount(s) == s.length();
  }

  private static void latinForms(String n, Map<String, Boolean> out) {
    String s = n;
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      String lower = s.toLowerCase(Locale.ROOT);
      for (String suffix : CompanyWords.LATIN_SUFFIXES) {
        if (lower.endsWith(" " + suffix) || lower.endsWith("," + suffix)) {
          s = trimPunct(s.substring(0, s.length() - suffix.length()));
          stripped = true;
          break;
        }
      }
    }
    derive(s, out);
  }

  private static void hanForms(String n, Map<String, Boolean> out) {
    String base = n;
    Matcher m = BRACKET.matcher(n);
    while (m.find()) {
      String inner = m.group(1).strip();
      if (!isRegion(inner) && !CompanyWords.SUFFIXES.contains(inner)) {
        // a brand in brackets: 某某（星河） is said 星河
        derive(inner, out);
        deriveCompany(inner, out);
      }
    }
    base = trimPunct(BRACKET.matcher(base).replaceAll(""));
    derive(base, out);
    String regionless = stripRegions(base);
    deriveCompany(regionless, out);
    deriveCompany(base, out);
  }

  /** The name without its legal form, then without each trade word in turn. */
  private static void deriveCompany(String s, Map<String, Boolean> out) {
    derive(s, out);
    String core = stripSuffixes(s);
    derive(core, out);
    for (String less = stripIndustry(core); less != null; less = stripIndustry(less)) {
      derive(less, out);
    }
  }

  private static void derive(String form, Map<String, Boolean> out) {
    if (!form.isEmpty()) {
      out.putIfAbsent(form, true);
    }
  }

  private static String stripRegions(String s) {
    for (boolean again = true; again; ) {
      again = false;
      for (String region : CompanyWords.REGIONS_LONGEST_FIRST) {
        if (s.startsWith(region)) {
          String rest = s.substring(region.length());
          for (String tail : CompanyWords.REGION_TAILS) {
            if (rest.startsWith(tail)) {
              rest = rest.substring(tail.length());
              break;
            }
          }
          if (hanCount(rest) >= MIN_HAN) {
            s = rest;
            again = true;
            break;
          }
        }
      }
    }
    return s;
  }

  private static String stripSuffixes(String s) {
    for (boolean again = true; again; ) {
      again = false;
      for (String suffix : CompanyWords.SUFFIXES) {
        if (s.endsWith(suffix) && hanCount(s) - suffix.length() >= MIN_HAN) {
          s = trimPunct(s.substring(0, s.length() - suffix.length()));
          again = true;
          break;
        }
      }
    }
    return s;
  }

  /** The name without its last trade word, or null when none is left to strip. */
  private static String stripIndustry(String s) {
    for (String word : CompanyWords.INDUSTRIES) {
      if (s.endsWith(word)) {
        String rest = s.substring(0, s.length() - word.length());
        return hanCount(rest) >= MIN_HAN ? rest : null;
      }
    }
    return null;
  }

  private static boolean isRegion(String s) {
    if (CompanyWords.REGIONS.contains(s)) {
      return true;
    }
    for (String tail : CompanyWords.REGION_TAILS) {
      if (s.endsWith(tail)
          && CompanyWords.REGIONS.contains(s.substring(0, s.length() - tail.length()))) {
        return true;
      }
    }
    return false;
  }

  private static String trimPunct(String s) {
    return EDGE_PUNCT.matcher(s).replaceAll("");
  }
}
