package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.port.ExportLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Signed links to {@link CustomerExportRoute}: the link names the user it downloads as and the
 * filter, so it is the credential; it dies after a day.
 */
public final class CustomerExportLinks implements ExportLinks {

  static final Duration VALID_FOR = Duration.ofDays(1);
  static final String PREFIX = "/exports/";

  private final String publicUrl;
  private final ChartSignature signature;
  private final Clock clock;

  public CustomerExportLinks(String publicUrl, MiniAppConfig config, Clock clock) {
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.signature = signature(config);
    this.clock = clock;
  }

  static ChartSignature signature(MiniAppConfig config) {
    return new ChartSignature(config, "chat-crm/export-links/v1");
  }

  @Override
  public String customers(Actor actor, CustomerFilter filter) {
    String path = path(actor.tenantId(), actor.userId());
    String query = query(filter);
    long exp = clock.instant().plus(VALID_FOR).getEpochSecond();
    return publicUrl
        + path
        + "?"
        + query
        + "&exp="
        + exp
        + "&sig="
        + signature.sign(signed(path, query), exp);
  }

  static String path(long tenantId, long userId) {
    return PREFIX + tenantId + "/" + userId + "/customers.xlsx";
  }

  /** The filter as the link carries it, in a fixed order: what the signature covers. */
  static String query(CustomerFilter filter) {
    StringBuilder q = new StringBuilder("scope=" + filter.scope().code());
    if (filter.level() != null) {
      q.append("&level=").append(filter.level().code());
    }
    if (filter.ownerId() != null) {
      q.append("&owner=").append(filter.ownerId());
    }
    if (filter.tag() != null) {
      q.append("&tag=").append(URLEncoder.encode(filter.tag(), StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  static String signed(String path, String query) {
    return path + "|" + query;
  }
}
