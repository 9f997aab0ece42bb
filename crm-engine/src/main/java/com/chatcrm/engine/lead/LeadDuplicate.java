package com.chatcrm.engine.lead;

/**
 * A live lead or customer a capture matched (same normalised company name or a shared phone).
 *
 * @param kind {@code lead} or {@code customer}
 * @param ownerName null when the actor may not see it (then say only 已存在), or when it has no owner
 *     (线索池 / 公海: see {@code inPool})
 * @param visible whether the actor may see it (and so open it by id)
 * @param inPool a lead in the 线索池 or a customer in the 公海
 */
public record LeadDuplicate(
    String kind, long id, String name, String ownerName, boolean visible, boolean inPool) {

  public LeadDuplicate(String kind, long id, String name, String ownerName) {
    this(kind, id, name, ownerName, ownerName != null, false);
  }
}
