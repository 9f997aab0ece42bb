package com.chatcrm.language;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One tenant's customers by every form people type them, found anywhere in a line.
 *
 * <p>PLACEHOLDER: full names only, found by indexOf; the real matcher replaces this class.
 */
public final class CustomerNames implements CustomerLinker {

  private final List<KnownCustomer> customers;

  private CustomerNames(List<KnownCustomer> customers) {
    this.customers = customers;
  }

  public static CustomerNames of(Collection<KnownCustomer> customers) {
    return new CustomerNames(List.copyOf(customers));
  }

  public int size() {
    return customers.size();
  }

  /** The forms a name is typed in (北京星河传媒有限公司 → 星河传媒, 星河, ...), the name itself first. */
  public static List<String> forms(String name) {
    return List.of(name);
  }

  @Override
  public List<CustomerSpan> find(String text) {
    List<CustomerSpan> spans = new ArrayList<>();
    for (KnownCustomer c : customers) {
      int at = text.indexOf(c.name());
      if (at >= 0) {
        spans.add(new CustomerSpan(at, at + c.name().length(), List.of(c)));
      }
    }
    spans.sort(Comparator.comparingInt(CustomerSpan::start));
    return spans;
  }

  /**
   * The same names seen by one user: only the customers in {@code visible}; where a form fits
   * several, those in {@code preferred} (the user's own and recent ones) come first, and one
   * preferred among several decides.
   */
  public CustomerLinker restrictedTo(Set<Long> visible, Set<Long> preferred) {
    return text ->
        find(text).stream()
            .map(
                s ->
                    new CustomerSpan(
                        s.start(),
                        s.end(),
                        s.customers().stream().filter(c -> visible.contains(c.id())).toList()))
            .filter(s -> !s.customers().isEmpty())
            .toList();
  }

  /** Customers whose name sounds like {@code typed} (心河, 星和 → 星河传媒), best first. */
  public List<KnownCustomer> soundsLike(String typed, int limit) {
    return List.of();
  }
}
