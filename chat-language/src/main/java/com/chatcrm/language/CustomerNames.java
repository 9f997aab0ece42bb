package com.chatcrm.language;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One tenant's customers by every form people type them, found anywhere in a line: the full name,
 * aliases, the name without region, legal form and trade word ({@link NameForms}), a brand in
 * brackets, and for Latin lines the pinyin and initials (xinghe, xhcm). Derived forms that are
 * everyday words do not link ({@link CommonWords}). Immutable; build one per tenant and replace it
 * when customers change.
 */
public final class CustomerNames implements CustomerLinker {

  private static final int MIN_PINYIN = 4;
  private static final int MIN_INITIALS = 3;

  private final List<KnownCustomer> customers;
  private final FormTrie trie;
  private final SoundIndex sounds;

  private CustomerNames(List<KnownCustomer> customers, FormTrie trie, SoundIndex sounds) {
    this.customers = customers;
    this.trie = trie;
    this.sounds = sounds;
  }

  public static CustomerNames of(Collection<KnownCustomer> customers) {
    List<KnownCustomer> sorted =
        customers.stream().sorted(Comparator.comparingLong(KnownCustomer::id)).toList();
    Map<String, List<Linked>> keys = new HashMap<>();
    SoundIndex sounds = new SoundIndex();
    for (KnownCustomer c : sorted) {
      int order = 0;
      for (Map.Entry<String, Boolean> form : ownForms(c).entrySet()) {
        String key = form.getKey();
        boolean typed = form.getValue();
        boolean links = typed || !CommonWords.refuses(key);
        List<String> syllables = links ? PinyinKeys.syllables(key) : List.of();
        sounds.add(c, key, syllables, order++);
        if (links) {
          link(keys, key, c, typed);
          spokenForms(syllables, key).forEach(latin -> link(keys, latin, c, false));
        }
      }
    }
    Map<String, FormTrie.Entry> byKey = new HashMap<>();
    keys.forEach((key, linked) -> byKey.put(key, entry(linked)));
    return new CustomerNames(sorted, FormTrie.of(byKey), sounds);
  }

  /**
   * Loads HanLP's core dictionary and pinyin tables now (about half a second, once per JVM), e.g.
   * on a worker thread at start-up, rather than in the first tenant's {@link #of}.
   */
  public static void warmUp() {
    CommonWords.refuses("星河");
    PinyinKeys.syllables("星河");
  }

  public int size() {
    return customers.size();
  }

  /**
   * The forms a name is typed in and links by (北京星河传媒有限公司 → 星河传媒有限公司, 北京星河传媒, 星河传媒, 星河, ...), the
   * name itself first; derived forms too common to link are left out.
   */
  public static List<String> forms(String name) {
    return NameForms.of(name).stream()
        .filter(f -> !f.derived() || !CommonWords.refuses(f.text()))
        .map(NameForms.Form::text)
        .toList();
  }

  @Override
  public List<CustomerSpan> find(String text) {
    return trie.find(text, c -> true);
  }

  /**
   * The same names seen by one user: only the customers in {@code visible}; where a form fits
   * several, those in {@code preferred} (the user's own and recent ones) come first, and one
   * preferred among several decides.
   */
  public CustomerLinker restrictedTo(Set<Long> visible, Set<Long> preferred) {
    Set<Long> seen = Set.copyOf(visible);
    Set<Long> mine = Set.copyOf(preferred);
    return text ->
        trie.find(text, c -> seen.contains(c.id())).stream().map(s -> prefer(s, mine)).toList();
  }

  /**
   * Customers whose name sounds like {@code typed} (心河, 星和 → 星河传媒), best first: the same pinyin,
   * then a fuzzy one, then one character off; never a customer {@code typed} names exactly.
   */
  public List<KnownCustomer> soundsLike(String typed, int limit) {
    return near(typed, limit, c -> true);
  }

  /** {@link #soundsLike(String, int)} among the customers in {@code visible} only. */
  public List<KnownCustomer> soundsLike(String typed, int limit, Set<Long> visible) {
    Set<Long> seen = Set.copyOf(visible);
    return near(typed, limit, c -> seen.contains(c.id()));
  }

  private List<KnownCustomer> near(String typed, int limit, Predicate<KnownCustomer> visible) {
    String t = NameForms.normalize(typed);
    Set<Long> named =
        trie.find(t, c -> true).stream()
            .filter(span -> span.start() == 0 && span.end() == t.length())
            .flatMap(span -> span.customers().stream())
            .map(KnownCustomer::id)
            .collect(Collectors.toSet());
    return sounds.near(t, named, visible, limit);
  }

  /** A customer's folded forms from its name and aliases; true where someone typed it so. */
  private static Map<String, Boolean> ownForms(KnownCustomer c) {
    Map<String, Boolean> own = new LinkedHashMap<>();
    Stream.concat(Stream.of(c.name()), c.aliases().stream())
        .forEach(
            source -> {
              for (NameForms.Form f : NameForms.of(source)) {
                own.merge(NameForms.fold(f.text()), !f.derived(), Boolean::logicalOr);
              }
            });
    return own;
  }

  /**
   * Pinyin and initials a Latin line may name the form by; none for a legal name (…youxiangongsi).
   */
  private static List<String> spokenForms(List<String> syllables, String form) {
    if (syllables.isEmpty() || CompanyWords.SUFFIXES.stream().anyMatch(form::endsWith)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String full = PinyinKeys.full(syllables);
    if (full.length() >= MIN_PINYIN && !CommonWords.refuses(full)) {
      out.add(full);
    }
    String initials = PinyinKeys.initials(syllables);
    if (initials.length() >= MIN_INITIALS && !CommonWords.refuses(initials)) {
      out.add(initials);
    }
    return out;
  }

  private record Linked(KnownCustomer customer, boolean typed) {}

  private static void link(
      Map<String, List<Linked>> keys, String key, KnownCustomer c, boolean typed) {
    keys.computeIfAbsent(key, k -> new ArrayList<>()).add(new Linked(c, typed));
  }

  /** Who a form stands for: those who typed it so first, then by id; each customer once. */
  private static FormTrie.Entry entry(List<Linked> linked) {
    Map<Long, Linked> once = new LinkedHashMap<>();
    linked.stream()
        .sorted(
            Comparator.comparing((Linked l) -> !l.typed())
                .thenComparingLong(l -> l.customer().id()))
        .forEach(l -> once.putIfAbsent(l.customer().id(), l));
    List<KnownCustomer> customers = once.values().stream().map(Linked::customer).toList();
    int typed = (int) once.values().stream().filter(Linked::typed).count();
    return new FormTrie.Entry(customers, typed);
  }

  /** Preferred customers first; exactly one preferred among several is the one meant. */
  private static CustomerSpan prefer(CustomerSpan span, Set<Long> preferred) {
    List<KnownCustomer> mine =
        span.customers().stream().filter(c -> preferred.contains(c.id())).toList();
    if (mine.isEmpty() || mine.size() == span.customers().size()) {
      return span;
    }
    if (mine.size() == 1) {
      return new CustomerSpan(span.start(), span.end(), mine);
    }
    List<KnownCustomer> rest =
        span.customers().stream().filter(c -> !preferred.contains(c.id())).toList();
    return new CustomerSpan(
        span.start(), span.end(), Stream.concat(mine.stream(), rest.stream()).toList());
  }
}
