package com.chatcrm.engine.access;

import java.util.Objects;

/**
 * Who is acting, in which tenant, and through what. Every engine call takes one, so permissions and
 * tenant isolation are enforced inside the engine and no caller can forget them.
 *
 * @param userId the acting user's id, or {@code 0} for the system (schedulers, directory sync)
 */
public record Actor(long tenantId, long userId, Source source) {

  public Actor {
    Objects.requireNonNull(source, "source");
    if (tenantId <= 0) {
      throw new IllegalArgumentException("tenantId must be positive");
    }
  }

  public static Actor user(long tenantId, long userId, Source source) {
    if (userId <= 0) {
      throw new IllegalArgumentException("userId must be positive");
    }
    return new Actor(tenantId, userId, source);
  }

  /** The service itself acting for a tenant: it may do what an admin may. */
  public static Actor system(long tenantId, String what) {
    return new Actor(tenantId, 0, Source.system(what));
  }

  public boolean isSystem() {
    return userId == 0;
  }

  /** The id to store as actor, {@code null} for the system. */
  public Long auditUserId() {
    return isSystem() ? null : userId;
  }
}
