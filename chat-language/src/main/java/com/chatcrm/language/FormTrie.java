package com.chatcrm.language;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import java.util.ArrayList;
import java.util.Comparator;
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

  /** The customers one folded form stands for, those who typed it (name, alias) first. */
  record Entry(String key, List<KnownCustomer> customers) {}

  private record Hit(int start, int end, List<KnownCustomer> customers) {}

  private final AhoCorasickDoubleArrayTrie<Entry> trie;

  private FormTrie(AhoCorasickDoubleArrayTrie<Entry> trie) {
    this.trie = trie;
  }

  /**
   * @param forms folded form → the customers it stands for, in the order a span lists them
   */
  static FormTrie of(Map<String, List<KnownCustomer>> forms) {
    TreeMap<String, Entry> keys = new TreeMap<>();
    forms.forEach((key, customers) -> keys.put(key, new Entry(key, List.copyOf(customers))));
    if (keys.isEmpty()) {
      return new FormTrie(null);
    }
    AhoCorasickDoubleArrayTrie<Entry> trie = new AhoCorasickDoubleArrayTrie<>();
    trie.build(keys);
    return new FormTrie(trie);
  }

  int size() {
    return trie == null ? 0 : trie.size();
  }

  /**
   * Leftmost-longest, non-overlapping spans of {@code text} naming a customer {@code visible}
   * accepts. Customers are filtered before spans are chosen, so a customer the user may not see
   * neither appears nor hides a shorter form of one they may.
   */
  List<CustomerSpan> find(String text, Predicate<KnownCustomer> visible) {
    if (trie == null || text == null || text.isEmpty()) {
      return List.of();
    }
    String folded = NameForms.fold(text);
    List<Hit> hits = new ArrayList<>();
    trie.parseText(
        folded,
        (begin, end, entry) -> {
          if (wholeWords(folded, begin, end)) {
            List<KnownCustomer> seen = entry.customers().stream().filter(visible).toList();
            if (!seen.isEmpty()) {
              hits.add(new Hit(begin, end, seen));
            }
          }
        });
    hits.sort(
        Comparator.comparingInt(Hit::start)
            .thenComparing(Comparator.comparingInt(Hit::end).reversed()));
    List<CustomerSpan> spans = new ArrayList<>();
    int free = 0;
    for (Hit h : hits) {
      if (h.start() >= free) {
        spans.add(new CustomerSpan(h.start(), h.end(), h.customers()));
        free = h.end();
      }
    }
    return spans;
  }

  private static boolean wholeWords(String s, int begin, int end) {
    return !(latin(s.charAt(begin)) && begin > 0 && latin(s.charAt(begin - 1)))
        && !(latin(s.charAt(end - 1)) && end < s.length() && latin(s.charAt(end)));
  }

  private static boolean latin(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
