package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerRules;

/**
 * Who may do what with one opportunity. It follows its owner (the owner, their managers up the
 * tree, admins) and its customer (whoever may work the customer, collaborators included). A pool
 * customer is readable by everyone for claiming, but its deals stay with the people who worked
 * them, hence {@link CustomerRules#canEdit} rather than {@code canRead}.
 */
public final class OpportunityRules {

  private OpportunityRules() {}

  public static boolean canRead(Access access, Opportunity o, Customer customer) {
    return access.seesOwner(o.ownerId()) || CustomerRules.canEdit(access, customer);
  }

  /** Edit, move stage, win and lose: whoever may read it. */
  public static boolean canEdit(Access access, Opportunity o, Customer customer) {
    return canRead(access, o, customer);
  }

  /**
   * Delete, restore and transfer: the owner, their managers, the customer's managers and admins.
   */
  public static boolean canManage(Access access, Opportunity o, Customer customer) {
    return access.seesOwner(o.ownerId()) || CustomerRules.canManage(access, customer);
  }
}
