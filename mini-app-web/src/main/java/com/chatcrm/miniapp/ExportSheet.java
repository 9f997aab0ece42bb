package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * One kind of export (客户, 跟进记录, 商机, 销售漏斗, 日报数据): the filter its link carries, its sheet, and its
 * rows as the user may see them, a page at a time.
 */
interface ExportSheet {

  ExportKind kind();

  /**
   * The filter from what was given (a link's query, or an API body as text): checked, defaults
   * filled in ({@code today} in the tenant's zone), in the order a link carries it. Throws {@link
   * com.chatcrm.engine.error.InvalidInput} for a malformed one.
   */
  ExportFilter filter(Map<String, String> given, LocalDate today);

  /**
   * Before a link is made: refuses what the user may not ask for (another team's owner, a customer
   * they may not see) as the engine does; answers how many rows there will be, or null when that is
   * not counted ahead.
   */
  Future<Long> check(Actor actor, ExportFilter filter);

  /** The rows, as {@code actor} sees them, times in {@code zone}. */
  ExportWorkbook.Rows rows(Actor actor, ExportFilter filter, ZoneId zone);
}
