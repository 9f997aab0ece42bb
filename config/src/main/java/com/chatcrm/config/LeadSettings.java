package com.chatcrm.config;

/**
 * How leads (线索) are handled.
 *
 * @param reclaimAfterDays days an owned lead may stay 未处理 after it was assigned before it goes back
 *     to the 线索池
 */
public record LeadSettings(int reclaimAfterDays) {}
