package com.chatcrm.engine.port;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerFilter;

/**
 * Signed, expiring download links of what a user may see as a workbook: chat answers 导出我的客户 with
 * one, since a chat client opens a link without the mini-app's session.
 */
public interface ExportLinks {

  /**
   * The customers {@code actor} sees under {@code filter}, as .xlsx, downloaded as {@code actor}.
   */
  String customers(Actor actor, CustomerFilter filter);
}
