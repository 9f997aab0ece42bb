package com.chatcrm.language;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Customers by how their forms sound, for "你是说 星河传媒 吗" when a typed name links to nothing: the same
 * pinyin (星和 for 星河), a fuzzy pinyin (心河: in/ing), or one Han character off in a name of three or
 * more.
 */
final class SoundIndex {

  /** How near a typed name came, best first. */
  private enum Nearness {
    SAME_PINYIN,
    FUZZY_PINYIN,
    ONE_CHARACTER
  }

  /** One all-Han form of one customer; {@code order} is its place among that customer's forms. */
  private record Sound(KnownCustomer customer, String form, String exact, int order) {}

  private record Near(KnownCustomer customer, Nearness nearness, int order) {}

  private final Map<String, List<Sound>> byFuzzy = new HashMap<>();
  private final Map<Integer, List<Sound>> byLength = new HashMap<>();

  /** Remembers one all-Han form of a customer by its syllables. */
  void add(KnownCustomer c, String folded, List<String> syllables, int order) {
    if (syllables.isEmpty()) {
      return;
    }
    Sound s = new Sound(c, folded, PinyinKeys.exact(syllables), order);
    byFuzzy.computeIfAbsent(PinyinKeys.fuzzy(syllables), k -> new ArrayList<>()).add(s);
    if (folded.length() >= 3) {
      byLength.computeIfAbsent(folded.length(), k -> new ArrayList<>()).add(s);
    }
  }

  /**
   * Customers {@code typed} sounds like, best first.
   *
   * @param named the customers {@code typed} names exactly, left out
   */
  List<KnownCustomer> near(
      String typed, Set<Long> named, Predicate<KnownCustomer> visible, int limit) {
    String t = NameForms.fold(NameForms.normalize(typed));
    if (t.isEmpty() || limit <= 0) {
      return List.of();
    }
    Map<Long, Near> best = new HashMap<>();
    List<String> syllables = PinyinKeys.syllables(t);
    if (!syllables.isEmpty()) {
      String exact = PinyinKeys.exact(syllables);
      for (Sound s : byFuzzy.getOrDefault(PinyinKeys.fuzzy(syllables), List.of())) {
        Nearness n = s.exact().equals(exact) ? Nearness.SAME_PINYIN : Nearness.FUZZY_PINYIN;
        keepBest(best, new Near(s.customer(), n, s.order()));
      }
    }
    if (NameForms.allHan(t) && t.length() >= 3) {
      for (Sound s : byLength.getOrDefault(t.length(), List.of())) {
        if (oneOff(s.form(), t)) {
          keepBest(best, new Near(s.customer(), Nearness.ONE_CHARACTER, s.order()));
        }
      }
    }
    return best.values().stream()
        .filter(n -> !named.contains(n.customer().id()) && visible.test(n.customer()))
        .sorted(ORDER)
        .limit(limit)
        .map(Near::customer)
        .toList();
  }

  private static final Comparator<Near> ORDER =
      Comparator.comparing(Near::nearness)
          .thenComparingInt(Near::order)
          .thenComparingLong(n -> n.customer().id());

  private static void keepBest(Map<Long, Near> best, Near n) {
    best.merge(n.customer().id(), n, (a, b) -> ORDER.compare(a, b) <= 0 ? a : b);
  }

  private static boolean oneOff(String a, String b) {
    int diff = 0;
    for (int i = 0; i < a.length() && diff < 2; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        diff++;
      }
    }
    return diff == 1;
  }
}
