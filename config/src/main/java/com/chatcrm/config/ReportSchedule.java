package com.chatcrm.config;

import java.time.LocalTime;

/**
 * When managers' reports go out, in each tenant's own time zone, unless the tenant set its own
 * time.
 *
 * @param dailyAt the 日报, every day
 * @param weeklyAt the 周报, on Mondays
 */
public record ReportSchedule(LocalTime dailyAt, LocalTime weeklyAt) {}
