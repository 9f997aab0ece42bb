package com.chatcrm.engine.access;

import java.util.Set;

/**
 * What an actor may see, resolved once per call: an admin sees the whole tenant; anyone else the
 * records owned by themselves and by the members of the department subtrees they manage, plus the
 * customers they collaborate on (checked per record).
 */
public record Access(Actor actor, boolean admin, Set<Long> visibleOwners) {

  public long tenantId() {
    return actor.tenantId();
  }

  public long userId() {
    return actor.userId();
  }

  public boolean seesEverything() {
    return admin;
  }

  public boolean seesOwner(Long ownerId) {
    return admin || (ownerId != null && visibleOwners.contains(ownerId));
  }

  /** The owner ids to filter on, as an array for {@code owner_id = ANY($n)}. */
  public Long[] visibleOwnerArray() {
    return visibleOwners.toArray(Long[]::new);
  }

  /** Whether the actor manages someone else, i.e. is a manager in the org chart. */
  public boolean isManager() {
    return visibleOwners.size() > 1;
  }
}
