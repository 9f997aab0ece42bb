package com.chatcrm.language;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every form of every customer in one Aho–Corasick double-array trie: one pass over a line finds
 * them all, however many customers the tenant has. Keys and lines are folded ({@link
 * NameForms#fold(char)}) so Latin matches case-insensitively; a key that starts or ends with a
 * Latin letter or digit matches only as whole words (xinghe, never the middle of "xingheng").
 */
final class FormTrie {

  /**
   * The customers one folded form stands for, those who typed it (name, alias) first; {@code typed}
   * how many of them did.
   */
  record Entry(List<KnownCustomer> customers, int typed) {}

  private record Hit(int start, int end, List<KnownCustomer> customers) {}

  private final AhoCorasickDoubleArrayTrie<Entry> trie;
  private final Map<Character, Character> alphabet;
  private final char unknown;

  private FormTrie(AhoCorasickDoubleArrayTrie<Entry> trie, Map<Character, Character> alphabet) {
    this.trie = trie;
    this.alphabet = alphabet;
    this.unknown = (char) (alphabet.size() + 1);
  }

  /**
   * @param forms folded form → the customers it stands for, those who typed it first
   */
  static FormTrie of(Map<String, Entry> forms) {
    Map<Character, Character> alphabet = new HashMap<>();
    TreeMap<String, Entry> keys = new TreeMap<>();
    new TreeMap<>(forms)
        .forEach(
            (key, entry) -> {
              char[] cs = key.toCharArray();
              for (int i = 0; i < cs.length; i++) {
                cs[i] = alphabet.computeIfAbsent(cs[i], c -> (char) (alphabet.size() + 1));
              }
              keys.put(new String(cs), entry);
            });
    if (keys.isEmpty()) {
      return new FormTrie(null, Map.of());
    }
    AhoCorasickDoubleArrayTrie<Entry> trie = new AhoCorasickDoubleArrayTrie<>();
    trie.build(keys);
    return new FormTrie(trie, alphabet);
  }

  /**
   * The line in the trie's alphabet. The trie is built over dense codes (1, 2, 3, ... in order of
   * first use) rather than raw chars: a double array over Han code points spread across 20,000
   * values builds about ten times slower (4.7 s against 0.3 s CPU for 57,000 forms).
   */
  private String encode(String folded) {
    char[] cs = folded.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      cs[i] = alphabet.getOrDefault(cs[i], unknown);
    }
    return new String(cs);
  }

  /**
   * Non-overlapping spans of {@code text} naming a customer {@code visible} accepts, in text order.
   * Longer forms are taken first (then the leftmost), so in 上海天海贸易 a customer 天海贸易 wins over an
   * overlapping 海天; where spans do not chain-overlap this is the same as leftmost-longest.
   * Customers are filtered before spans are chosen, so a customer the user may not see neither
   * appears nor hides a shorter form of one they may.
   */
  List<CustomerSpan> find(String text, Predicate<KnownCustomer> visible) {
    if (trie == null || text == null || text.isEmpty()) {
      return List.of();
    }
    String folded = NameForms.fold(text);
    List<Hit> hits = new ArrayList<>();
    trie.parseText(
        encode(folded),
        (begin, end, entry) -> {
          if (wholeWords(folded, begin, end)) {
            List<KnownCustomer> seen =
                linkable(entry, folded, begin, end).stream().filter(visible).toList();
            if (!seen.isEmpty()) {
              hits.add(new Hit(begin, end, seen));
            }
          }
        });
    // longest first, then leftmost; a shorter form overlapping a longer one is dropped
    hits.sort(
        Comparator.comparingInt((Hit h) -> h.end() - h.start())
            .reversed()
            .thenComparingInt(Hit::start));
    boolean[] taken = new boolean[text.length()];
    List<CustomerSpan> spans = new ArrayList<>();
    for (Hit h : hits) {
      if (free(taken, h)) {
        Arrays.fill(taken, h.start(), h.end(), true);
        spans.add(new CustomerSpan(h.start(), h.end(), h.customers()));
      }
    }
    spans.sort(Comparator.comparingInt(CustomerSpan::start));
    return spans;
  }

  /**
   * Who a hit may stand for where it stands: a derived form that cuts an everyday word links
   * nobody, and right after a region it links no customer registered under a region of its own
   * (杭州星河传媒 is not 北京星河传媒); a form someone typed always links.
   */
  private static List<KnownCustomer> linkable(Entry entry, String folded, int begin, int end) {
    if (entry.typed() == entry.customers().size()) {
      return entry.customers();
    }
    if (CommonWords.cutsAWord(folded, begin, end)) {
      return entry.customers().subList(0, entry.typed());
    }
    if (CompanyWords.regionEndsAt(folded, begin)) {
      List<KnownCustomer> out = new ArrayList<>(entry.customers().subList(0, entry.typed()));
      entry.customers().stream()
          .skip(entry.typed())
          .filter(c -> !CompanyWords.regionStarts(NameForms.normalize(c.name())))
          .forEach(out::add);
      return out;
    }
    return entry.customers();
  }

  private static boolean free(boolean[] taken, Hit h) {
    for (int i = h.start(); i < h.end(); i++) {
      if (taken[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean wholeWords(String s, int begin, int end) {
    return !(latin(s.charAt(begin)) && begin > 0 && latin(s.charAt(begin - 1)))
        && !(latin(s.charAt(end - 1)) && end < s.length() && latin(s.charAt(end)));
  }

  private static boolean latin(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
