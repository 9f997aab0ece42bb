package com.chatcrm.engine.lead;

import java.util.Locale;

/**
 * Which leads a list shows: {@code status} null is the live ones (new and contacted); {@code text}
 * narrows to companies, contacts or phones containing it; {@code cursor} is a previous page's
 * {@code nextCursor}.
 */
public record LeadFilter(Scope scope, LeadStatus status, String text, Long cursor, int limit) {

  /** 我的线索 / 团队线索 / 线索池. */
  public enum Scope {
    /** Owned by the actor. */
    MINE,
    /** Every owned lead the actor may see: own and managed subtree; all for admins. */
    TEAM,
    /** The 线索池: leads without an owner. */
    POOL;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The scope of a code ({@code mine}, {@code team}, {@code pool}); null for an unknown one. */
    public static Scope of(String code) {
      for (Scope s : values()) {
        if (s.code().equals(code)) {
          return s;
        }
      }
      return null;
    }
  }

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public LeadFilter {
    if (scope == null) {
      scope = Scope.MINE;
    }
    limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
  }

  public static LeadFilter of(Scope scope) {
    return new LeadFilter(scope, null, null, null, DEFAULT_LIMIT);
  }

  public LeadFilter withStatus(LeadStatus s) {
    return new LeadFilter(scope, s, text, cursor, limit);
  }

  public LeadFilter withText(String t) {
    return new LeadFilter(scope, status, t, cursor, limit);
  }

  public LeadFilter after(Long c) {
    return new LeadFilter(scope, status, text, c, limit);
  }
}
