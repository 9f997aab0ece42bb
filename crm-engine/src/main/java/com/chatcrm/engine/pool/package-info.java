/**
 * The customer pool (公海): its per-tenant rules, claiming, releasing and assigning pool customers,
 * and the reclaim of neglected private customers that a scheduler runs every night.
 */
package com.chatcrm.engine.pool;
