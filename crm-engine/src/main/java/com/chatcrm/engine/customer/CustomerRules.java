package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;

/** Who may do what with one customer: the data-permission rules in one place. */
public final class CustomerRules {

  private CustomerRules() {}

  /** Owner, their managers up the tree, collaborators, admins; and anyone for a pool customer. */
  public static boolean canRead(Access access, Customer c) {
    return c.inPool() || canEdit(access, c) || (access.seesEverything());
  }

  /** Owner, their managers, collaborators and admins; a pool customer only by admins. */
  public static boolean canEdit(Access access, Customer c) {
    if (access.seesEverything()) {
      return true;
    }
    if (c.inPool()) {
      return false;
    }
    return access.seesOwner(c.ownerId()) || c.collaboratorIds().contains(access.userId());
  }

  /** Delete, restore, transfer and collaborators: the owner, their managers and admins. */
  public static boolean canManage(Access access, Customer c) {
    return access.seesEverything() || (!c.inPool() && access.seesOwner(c.ownerId()));
  }
}
