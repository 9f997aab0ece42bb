package com.chatcrm.language;

import java.util.List;

/**
 * Finds the customers a line names, anywhere in it. {@link CustomerNames} is the real one; {@link
 * #NONE} knows no customers (the parser then guesses names from positions alone).
 */
@FunctionalInterface
public interface CustomerLinker {

  CustomerLinker NONE = text -> List.of();

  /** Non-overlapping spans of {@code text}, in the order they appear, longest form first. */
  List<CustomerSpan> find(String text);
}
