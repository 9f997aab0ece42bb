/**
 * Contracts (合同) made from won opportunities, their collection plans (回款计划) of instalments with due
 * dates, and receipts (回款) applied to the instalments in due order; a reminder before each
 * instalment is due and before the contract's period ends.
 */
package com.chatcrm.engine.contract;
