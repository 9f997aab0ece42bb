package com.chatcrm.demo;

import com.chatcrm.engine.customer.CompanyNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Company names for customer number {@code i}: {@code city + brand + descriptor + industry +
 * suffix}, a different combination for every {@code i} (an affine permutation of the combination
 * space), and the derived search columns exactly as {@code CustomerService} fills them. Pinyin and
 * initials are computed once per vocabulary piece with {@link CompanyNames} itself: they are per
 * character, so the pieces' values concatenate to the name's.
 */
final class DemoNames {

  /** A vocabulary piece with its values computed once. */
  static final class Piece {
    final String text;
    final char[] chars;
    final byte[] utf8;
    final byte[] pinyin;
    final byte[] initials;

    Piece(String text) {
      this.text = text;
      this.chars = text.toCharArray();
      this.utf8 = DemoCopyWriter.encode(text);
      this.pinyin = DemoCopyWriter.encode(CompanyNames.pinyin(text));
      this.initials = DemoCopyWriter.encode(CompanyNames.initials(text));
    }
  }

  /** The pieces of one name; reused from row to row. */
  static final class Parts {
    Piece city;
    int cityIndex;
    Piece brand;
    Piece descriptor;
    Piece industry;
    int industryIndex;
    Piece suffix;

    /** brand + industry word, e.g. 华信科技, or null. */
    Piece shortName;

    /** The name as CustomerService stores it. */
    String name() {
      return city.text + brand.text + descriptor.text + industry.text + suffix.text;
    }

    String shortNameText() {
      return shortName == null ? null : shortName.text;
    }
  }

  final Piece[] cities;
  final Piece[] brands;
  final Piece[] descriptors;
  final Piece[] industries;
  final Piece[] suffixes;
  final Piece[][] shortNames;
  private final long space;
  private final long multiplier;
  private final long offset;

  DemoNames(long seed) {
    cities = pieces(DemoVocabulary.CITIES.stream().map(DemoVocabulary.City::name).toList());
    brands = pieces(DemoVocabulary.BRANDS);
    descriptors = pieces(DemoVocabulary.DESCRIPTORS);
    industries =
        pieces(DemoVocabulary.INDUSTRIES.stream().map(DemoVocabulary.Industry::word).toList());
    suffixes = pieces(DemoVocabulary.SUFFIXES);
    shortNames = new Piece[brands.length][industries.length];
    space = (long) cities.length * brands.length * descriptors.length * industries.length;
    multiplier = coprime(space, golden(space));
    offset = Math.floorMod(seed * 0x9E3779B97F4A7C15L, space);
  }

  /** How many distinct names there are. */
  long capacity() {
    return space;
  }

  /**
   * Fills {@code p} with the name of customer {@code i}; the suffix and short name do not change
   * the 查重 key.
   */
  void decode(long i, int suffixIndex, boolean withShortName, Parts p) {
    if (i < 0 || i >= space) {
      throw new IllegalArgumentException("only " + space + " distinct demo names");
    }
    long k = (mulMod(i, multiplier, space) + offset) % space;
    p.industryIndex = (int) (k % industries.length);
    k /= industries.length;
    int d = (int) (k % descriptors.length);
    k /= descriptors.length;
    int b = (int) (k % brands.length);
    k /= brands.length;
    p.cityIndex = (int) k;
    p.city = cities[p.cityIndex];
    p.brand = brands[b];
    p.descriptor = descriptors[d];
    p.industry = industries[p.industryIndex];
    p.suffix = suffixes[suffixIndex];
    if (withShortName) {
      Piece s = shortNames[b][p.industryIndex];
      if (s == null) {
        s = new Piece(brands[b].text + industries[p.industryIndex].text);
        shortNames[b][p.industryIndex] = s;
      }
      p.shortName = s;
    } else {
      p.shortName = null;
    }
  }

  // ---------------------------------------------------------------------------------- writing

  void writeName(DemoCopyWriter w, Parts p) {
    w.bytes(p.city.utf8)
        .more(p.brand.utf8)
        .more(p.descriptor.utf8)
        .more(p.industry.utf8)
        .more(p.suffix.utf8);
  }

  /** The 查重 key: normalisation strips the suffix and leaves the rest as it is. */
  void writeNorm(DemoCopyWriter w, Parts p) {
    w.bytes(p.city.utf8).more(p.brand.utf8).more(p.descriptor.utf8).more(p.industry.utf8);
  }

  void writePinyin(DemoCopyWriter w, Parts p) {
    w.bytes(p.city.pinyin)
        .more(p.brand.pinyin)
        .more(p.descriptor.pinyin)
        .more(p.industry.pinyin)
        .more(p.suffix.pinyin);
  }

  void writeInitials(DemoCopyWriter w, Parts p) {
    w.bytes(p.city.initials)
        .more(p.brand.initials)
        .more(p.descriptor.initials)
        .more(p.industry.initials)
        .more(p.suffix.initials);
  }

  /** name, or name + space + short name: the search_text column. */
  void writeSearchText(DemoCopyWriter w, Parts p) {
    writeName(w, p);
    if (p.shortName != null) {
      w.moreChar(' ').more(p.shortName.utf8);
    }
  }

  private final char[] nameChars = new char[64];
  private final long[] seen = new long[160];

  /** Every 1- and 2-character piece of the name, then of the short name, first occurrence first. */
  void writeGrams(DemoCopyWriter w, Parts p) {
    w.array();
    int n = 0;
    n = copy(p.city.chars, n);
    n = copy(p.brand.chars, n);
    n = copy(p.descriptor.chars, n);
    n = copy(p.industry.chars, n);
    n = copy(p.suffix.chars, n);
    int count = grams(w, nameChars, n, 0);
    if (p.shortName != null) {
      grams(w, p.shortName.chars, p.shortName.chars.length, count);
    }
    w.endArray();
  }

  private int copy(char[] piece, int at) {
    System.arraycopy(piece, 0, nameChars, at, piece.length);
    return at + piece.length;
  }

  private int grams(DemoCopyWriter w, char[] cs, int n, int count) {
    for (int i = 0; i < n; i++) {
      count = gram(w, cs[i], (char) 0, count);
      if (i + 1 < n) {
        count = gram(w, cs[i], cs[i + 1], count);
      }
    }
    return count;
  }

  private int gram(DemoCopyWriter w, char a, char b, int count) {
    long key = ((long) a << 16) | b;
    for (int i = 0; i < count; i++) {
      if (seen[i] == key) {
        return count;
      }
    }
    seen[count] = key;
    w.elementChars(a, b);
    return count + 1;
  }

  // ---------------------------------------------------------------------------------- checking

  /**
   * The derived values as CustomerService computes them, for comparing with what {@link
   * #writeGrams} and friends write: name_norm, name_pinyin, name_initials, name_grams, search_text.
   */
  static List<Object> reference(String name, String shortName) {
    List<String> texts = new ArrayList<>();
    texts.add(name);
    if (shortName != null) {
      texts.add(shortName);
    }
    Set<String> grams = new LinkedHashSet<>(CompanyNames.grams(texts));
    return List.of(
        CompanyNames.normalize(name),
        CompanyNames.pinyin(name),
        CompanyNames.initials(name),
        List.copyOf(grams),
        String.join(" ", texts));
  }

  /** What this class writes for {@code p}, in the shape of {@link #reference}. */
  static List<Object> computed(Parts p) {
    String norm = p.city.text + p.brand.text + p.descriptor.text + p.industry.text;
    String pinyin =
        str(p.city.pinyin)
            + str(p.brand.pinyin)
            + str(p.descriptor.pinyin)
            + str(p.industry.pinyin)
            + str(p.suffix.pinyin);
    String initials =
        str(p.city.initials)
            + str(p.brand.initials)
            + str(p.descriptor.initials)
            + str(p.industry.initials)
            + str(p.suffix.initials);
    Set<String> grams = new LinkedHashSet<>();
    for (String t : p.shortName == null ? List.of(p.name()) : List.of(p.name(), p.shortName.text)) {
      for (int i = 0; i < t.length(); i++) {
        grams.add(t.substring(i, i + 1));
        if (i + 1 < t.length()) {
          grams.add(t.substring(i, i + 2));
        }
      }
    }
    String search = p.shortName == null ? p.name() : p.name() + " " + p.shortName.text;
    return List.of(norm, pinyin, initials, List.copyOf(grams), search);
  }

  private static String str(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------- helpers

  private static Piece[] pieces(List<String> texts) {
    return texts.stream().map(Piece::new).toArray(Piece[]::new);
  }

  /**
   * An odd number near {@code n} / φ: as a multiplier it sends consecutive numbers far apart in
   * every digit (the golden ratio's continued fraction has no large terms), so neighbouring
   * customers look unrelated.
   */
  static long golden(long n) {
    return (long) (n * 0.6180339887498949) | 1;
  }

  /**
   * The first of {@code candidate}, {@code candidate + 2}, ... sharing no factor with {@code n}.
   */
  static long coprime(long n, long candidate) {
    long c = candidate;
    while (gcd(c, n) != 1) {
      c += 2;
    }
    return c;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** a * b mod m; the spaces used here keep a * b far below 2^63, which multiplyExact checks. */
  static long mulMod(long a, long b, long m) {
    return Math.floorMod(Math.multiplyExact(a, b), m);
  }
}
