package com.chatcrm.engine.customer;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * The keys a customer name is matched by: the 查重 key (suffixes, brackets, spaces and width
 * differences removed), pinyin and initials, and the short pieces a Chinese query is made of.
 * Hand-written because no library knows Chinese company-name conventions.
 */
public final class CompanyNames {

  private static final Pattern BRACKETED = Pattern.compile("[(\\[{【〔（][^)\\]}】〕）]*[)\\]}】〕）]");
  private static final Pattern NOISE = Pattern.compile("[\\s\\p{Punct}·、，。．・“”‘’《》「」—_-]+");
  // Longest first, so that 股份有限公司 goes as a whole rather than leaving 股份.
  private static final List<String> SUFFIXES =
      List.of(
          "集团股份有限公司",
          "股份有限公司",
          "有限责任公司",
          "集团有限公司",
          "有限公司",
          "分公司",
          "集团",
          "公司",
          "co.,ltd",
          "co.ltd",
          "coltd",
          "ltd",
          "inc",
          "corp",
          "limited",
          "company");
  private static final HanyuPinyinOutputFormat PINYIN = new HanyuPinyinOutputFormat();

  static {
    PINYIN.setCaseType(HanyuPinyinCaseType.LOWERCASE);
    PINYIN.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
    PINYIN.setVCharType(HanyuPinyinVCharType.WITH_V);
  }

  private CompanyNames() {}

  /** 华为技术（深圳）有限公司, 华为技术有限公司 and ＨＵＡＷＥＩ技术 all normalise alike. */
  public static String normalize(String name) {
    String s = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    String withoutBrackets = BRACKETED.matcher(s).replaceAll("");
    String compact = NOISE.matcher(withoutBrackets).replaceAll("");
    String whole = compact;
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String suffix : SUFFIXES) {
        if (compact.endsWith(suffix) && compact.length() > suffix.length()) {
          compact = compact.substring(0, compact.length() - suffix.length());
          stripped = true;
        }
      }
    }
    String core = compact;
    // 有限公司 alone is not 有限: a remainder that is only the start of a suffix means there was no name
    if (core.isEmpty() || SUFFIXES.stream().anyMatch(x -> x.startsWith(core))) {
      return whole.isEmpty() ? NOISE.matcher(s).replaceAll("") : whole;
    }
    return core;
  }

  /**
   * Digits only, without a leading +86 / 0086 (86 too before an 11-digit number): the 查重 and search
   * key of a phone number. A mobile keeps its 11 digits; a landline written with the country code
   * gets its trunk 0 back, so +86 10 8888 6666 and 010-8888 6666 are one number. V23's {@code
   * crm_phone_norms} computes the same in SQL for contacts' indexed phones.
   */
  public static String normalizePhone(String phone) {
    String text = Normalizer.normalize(phone, Normalizer.Form.NFKC);
    String digits = text.replaceAll("[^0-9]", "");
    String national;
    if (digits.startsWith("0086")) {
      national = digits.substring(4);
    } else if (digits.startsWith("86")
        && (INTERNATIONAL.matcher(text).find() || digits.length() == 13)) {
      national = digits.substring(2);
    } else {
      return digits;
    }
    return national.isEmpty() || national.startsWith("0") || MOBILE.matcher(national).matches()
        ? national
        : "0" + national;
  }

  private static final Pattern INTERNATIONAL = Pattern.compile("^\\s*\\+");
  private static final Pattern MOBILE = Pattern.compile("1[0-9]{10}");

  /**
   * 华为技术有限公司 → 华为****** : how a duplicate the actor may not see is named, enough to recognise, not
   * enough to read.
   */
  public static String mask(String name) {
    int[] cps = name.codePoints().toArray();
    int keep = Math.min(2, Math.max(1, cps.length - 1));
    return new String(cps, 0, keep) + "*".repeat(Math.max(1, cps.length - keep));
  }

  /** 华为 → huawei. Characters without pinyin are kept as they are (letters, digits). */
  public static String pinyin(String text) {
    StringBuilder out = new StringBuilder();
    for (char c :
        Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).toCharArray()) {
      String syllable = syllable(c);
      if (syllable != null) {
        out.append(syllable);
      } else if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** 华为技术 → hwjs. */
  public static String initials(String text) {
    StringBuilder out = new StringBuilder();
    for (char c :
        Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).toCharArray()) {
      String syllable = syllable(c);
      if (syllable != null) {
        out.append(syllable.charAt(0));
      } else if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Every one- and two-character piece of the texts (letters and digits only, lower case). */
  public static Set<String> grams(List<String> texts) {
    Set<String> grams = new LinkedHashSet<>();
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      String s =
          NOISE
              .matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
              .replaceAll("");
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < cps.length; i++) {
        grams.add(new String(cps, i, 1));
        if (i + 1 < cps.length) {
          grams.add(new String(cps, i, 2));
        }
      }
    }
    return grams;
  }

  /** The query form of {@link #grams}: lower case, no punctuation or spaces. */
  public static String gramQuery(String query) {
    return NOISE
        .matcher(Normalizer.normalize(query, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
        .replaceAll("");
  }

  private static String syllable(char c) {
    try {
      String[] all = PinyinHelper.toHanyuPinyinStringArray(c, PINYIN);
      return all == null || all.length == 0 ? null : all[0];
    } catch (BadHanyuPinyinOutputFormatCombination e) {
      throw new IllegalStateException(e);
    }
  }
}
