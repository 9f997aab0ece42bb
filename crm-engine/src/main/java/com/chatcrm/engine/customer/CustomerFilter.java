package com.chatcrm.engine.customer;

/**
 * Which customers a list shows. {@code ownerId} narrows TEAM to one member the actor may see;
 * {@code level} and {@code tag} are optional.
 */
public record CustomerFilter(Scope scope, CustomerLevel level, Long ownerId, String tag) {

  /** 我的客户 / 协同客户 / 团队客户 / 公海. */
  public enum Scope {
    /** Owned by the actor. */
    MINE,
    /** Customers the actor collaborates on. */
    COLLABORATING,
    /** Everything the actor may see: own, managed subtree, collaborating; all for admins. */
    TEAM,
    /** The pool. */
    POOL;

    /** How lists and links name it ({@code mine}, {@code collaborating}, {@code team}). */
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A list's scope by its code; {@code fallback} when none was given, null for an unknown one
     * (the pool has lists of its own).
     */
    public static Scope ofList(String code, Scope fallback) {
      if (code == null) {
        return fallback;
      }
      return switch (code) {
        case "mine" -> MINE;
        case "collaborating" -> COLLABORATING;
        case "team" -> TEAM;
        default -> null;
      };
    }
  }

  public static CustomerFilter mine() {
    return new CustomerFilter(Scope.MINE, null, null, null);
  }

  public static CustomerFilter team() {
    return new CustomerFilter(Scope.TEAM, null, null, null);
  }

  public CustomerFilter withLevel(CustomerLevel l) {
    return new CustomerFilter(scope, l, ownerId, tag);
  }

  public CustomerFilter withOwner(long owner) {
    return new CustomerFilter(scope, level, owner, tag);
  }
}
