package com.chatcrm.engine.port;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerFilter;
import java.time.LocalDate;

/**
 * Signed, expiring download links of what a user may see as a workbook: chat answers 导出我的客户,
 * 导出本月跟进记录 and 导出我的商机 with one, since a chat client opens a link without the mini-app's session.
 */
public interface ExportLinks {

  /**
   * The customers {@code actor} sees under {@code filter}, as .xlsx, downloaded as {@code actor}.
   */
  String customers(Actor actor, CustomerFilter filter);

  /**
   * The follow-ups of the customers {@code actor} sees that happened from {@code from} to {@code
   * to} (both inclusive, days in the tenant's zone); {@code mine}: only those {@code actor} wrote.
   */
  String followUps(Actor actor, LocalDate from, LocalDate to, boolean mine);

  /** The opportunities {@code actor} sees, or ({@code mine}) only those they own. */
  String opportunities(Actor actor, boolean mine);
}
