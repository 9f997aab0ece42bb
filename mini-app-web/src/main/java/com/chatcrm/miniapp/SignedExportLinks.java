package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.port.ExportLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

/**
 * Signed links to {@link ExportRoute}: the link names the user it downloads as, the kind and the
 * filter, so it is the credential; it dies after a day.
 */
public final class SignedExportLinks implements ExportLinks {

  static final Duration VALID_FOR = Duration.ofDays(1);
  static final String PREFIX = "/exports/";

  private final String publicUrl;
  private final SignedLink link;

  /**
   * @param publicUrl how users reach the service, e.g. {@code https://crm.example.com}; empty for
   *     links the mini-app opens on its own origin
   */
  public SignedExportLinks(String publicUrl, MiniAppConfig config, Clock clock) {
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.link = signedLink(config, clock);
  }

  static SignedLink signedLink(MiniAppConfig config, Clock clock) {
    return new SignedLink(
        new ChartSignature(config, "chat-crm/export-links/v1"), clock, SignedLink.EXPORT);
  }

  static String path(long tenantId, long userId, String code) {
    return PREFIX + tenantId + "/" + userId + "/" + code + ".xlsx";
  }

  /** The link downloading {@code code}'s export under {@code filter} as {@code actor}. */
  String link(Actor actor, String code, ExportFilter filter) {
    String path = path(actor.tenantId(), actor.userId(), code);
    return publicUrl + path + "?" + link.query(path, filter.query(), VALID_FOR);
  }

  @Override
  public String customers(Actor actor, CustomerFilter filter) {
    return link(actor, "customers", CustomerSheet.of(filter));
  }

  @Override
  public String followUps(Actor actor, LocalDate from, LocalDate to, boolean mine) {
    return link(actor, "follow-ups", FollowUpSheet.between(from, to, mine));
  }

  @Override
  public String opportunities(Actor actor, boolean mine) {
    return link(actor, "opportunities", OpportunitySheet.of(mine));
  }
}
