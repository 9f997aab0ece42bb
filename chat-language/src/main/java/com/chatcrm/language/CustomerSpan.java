package com.chatcrm.language;

import java.util.List;

/**
 * Where a line names a customer: the characters {@code [start, end)} of the text searched, and
 * every customer that form may mean, the preferred first.
 */
public record CustomerSpan(int start, int end, List<KnownCustomer> customers) {

  public CustomerSpan {
    customers = List.copyOf(customers);
  }

  /** The one customer meant, or null when the form fits several. */
  public KnownCustomer only() {
    return customers.size() == 1 ? customers.get(0) : null;
  }
}
