package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Access;

/**
 * Who may do what with a lead. An owned lead is seen and worked by its owner, the owner's managers
 * up the tree and admins; a lead in the 线索池 is seen by everyone in the company and claimed by
 * anyone, but worked only once someone owns it (admins may anyway).
 */
final class LeadRules {

  private LeadRules() {}

  static boolean canRead(Access access, Lead lead) {
    return lead.inPool() || access.seesOwner(lead.ownerId());
  }

  /** 已联系, 无效, 恢复, 转化, 放回线索池. */
  static boolean canWork(Access access, Lead lead) {
    return access.seesEverything() || (!lead.inPool() && access.seesOwner(lead.ownerId()));
  }

  /** Only from the pool, by a user (the system has nobody to give it to). */
  static boolean canClaim(Access access, Lead lead) {
    return lead.inPool() && !access.actor().isSystem();
  }

  /**
   * Hands it to {@code userId}: managers and admins, for a lead they may work (or one in the pool)
   * and to someone they manage; a rep may not hand leads around.
   */
  static boolean canAssign(Access access, Lead lead, long userId) {
    if (access.seesEverything()) {
      return true;
    }
    return access.isManager()
        && (lead.inPool() || access.seesOwner(lead.ownerId()))
        && access.seesOwner(userId);
  }
}
