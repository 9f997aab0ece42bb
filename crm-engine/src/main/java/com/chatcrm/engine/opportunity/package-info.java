/**
 * Opportunities (商机) and the per-tenant stages they move through: create, edit with optimistic
 * locking, stage moves with their history, win and lose, soft delete and restore.
 */
package com.chatcrm.engine.opportunity;
