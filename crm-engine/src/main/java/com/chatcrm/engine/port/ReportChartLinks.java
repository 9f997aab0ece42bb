package com.chatcrm.engine.port;

import java.time.LocalDate;

/**
 * Where a manager's 日报 chart image can be fetched: a URL a chat client can load without a session,
 * so the implementation makes it hard to guess (signed) and short-lived.
 */
public interface ReportChartLinks {

  /** The chart of {@code day} for manager {@code managerId}'s team. */
  String dailyChartUrl(long tenantId, long managerId, LocalDate day);
}
