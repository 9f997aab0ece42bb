package com.chatcrm.miniapp;

import com.chatcrm.engine.port.ReportChartLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The engine's {@link ReportChartLinks}: signed links to {@link DailyChartRoute}, valid for a week
 * so a report scrolled back to still shows its chart, and dead after that.
 */
public final class DailyChartLinks implements ReportChartLinks {

  static final Duration VALID_FOR = Duration.ofDays(7);

  private final String publicUrl;
  private final SignedLink link;

  /**
   * @param publicUrl how users reach the service, e.g. {@code https://crm.example.com}
   */
  public DailyChartLinks(String publicUrl, MiniAppConfig config, Clock clock) {
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.link = new SignedLink(new ChartSignature(config), clock, SignedLink.CHART);
  }

  @Override
  public String dailyChartUrl(long tenantId, long managerId, LocalDate day) {
    String path = DailyChartRoute.path(tenantId, managerId, day);
    return publicUrl + path + "?" + link.query(path, "", VALID_FOR);
  }
}
