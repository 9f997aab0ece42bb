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
    POOL
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
