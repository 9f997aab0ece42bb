package com.chatcrm.language;

import java.util.List;

/**
 * A customer the tenant has, as the linker knows it: its id, full (legal) name and the aliases
 * people gave it.
 */
public record KnownCustomer(long id, String name, List<String> aliases) {

  public KnownCustomer {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  public static KnownCustomer of(long id, String name) {
    return new KnownCustomer(id, name, List.of());
  }
}
