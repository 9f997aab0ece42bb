/**
 * Leads (线索): companies captured before they are customers, in chat, the mini-app, imports, web
 * forms and the API; the 线索池 of leads without an owner, assignment rules for captures nobody
 * attends, conversion into a customer (+ contact, + opportunity) in one transaction, and the
 * reclaim of leads left untouched.
 */
package com.chatcrm.engine.lead;
