package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerRules;

/**
 * Who may do what with a contract: it follows its won opportunity. Whoever sees the owner (the
 * owner, their managers up the tree, admins) or may work the customer reads it and records
 * receipts; only the owner's side makes it, since its reminders go to the owner.
 */
final class ContractRules {

  private ContractRules() {}

  static boolean canRead(Access access, long ownerId, Customer customer) {
    return access.seesOwner(ownerId) || CustomerRules.canEdit(access, customer);
  }

  static boolean canCreate(Access access, long opportunityOwnerId) {
    return access.seesOwner(opportunityOwnerId);
  }
}
