package com.chatcrm.miniapp;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.Tenant;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 免登 by a platform's one-time code (the page's code → the member's user id) and the JS-API ticket
 * for the page's SDK config, on top of two functions the composition root builds from a chat
 * platform's adapter, so this module stays free of the gateway. Tickets are cached per tenant a
 * little under their lifetime, because platforms allow only so many fetches an hour.
 */
public final class CodeLogin implements PlatformLogin {

  /**
   * The member behind a login code, asked of the tenant's app: null for a code that names nobody of
   * the company; fails with InvalidInput for a used or unknown code.
   */
  @FunctionalInterface
  public interface UserByCode {
    Future<String> userId(long tenantId, String code);
  }

  /** A fresh JS-API ticket of the tenant's app. */
  @FunctionalInterface
  public interface TicketSource {
    Future<Ticket> ticket(long tenantId);
  }

  /** A ticket and how many seconds the platform says it is valid. */
  public record Ticket(String value, long seconds) {}

  /** Fetched again this long before the platform's expiry, and never kept under a minute. */
  private static final long MARGIN_SECONDS = 300;

  private record Cached(String value, Instant expires) {}

  private final UserByCode users;
  private final TicketSource tickets;
  private final Clock clock;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  public CodeLogin(UserByCode users, TicketSource tickets, Clock clock) {
    this.users = users;
    this.tickets = tickets;
    this.clock = clock;
  }

  @Override
  public Future<String> platformUserId(Tenant tenant, String code) {
    if (code == null || code.isBlank()) {
      return Future.failedFuture(InvalidInput.field("code", "缺少登录码，请从工作台重新打开应用"));
    }
    return users
        .userId(tenant.id(), code)
        .compose(
            userId ->
                userId == null || userId.isBlank()
                    ? Future.failedFuture(new Forbidden("只有企业成员可以使用客户管理"))
                    : Future.succeededFuture(userId));
  }

  @Override
  public Future<String> jsapiTicket(Tenant tenant) {
    Cached cached = cache.get(tenant.id());
    if (cached != null && cached.expires().isAfter(clock.instant())) {
      return Future.succeededFuture(cached.value());
    }
    return tickets
        .ticket(tenant.id())
        .map(
            t -> {
              long valid = Math.max(60, t.seconds() - MARGIN_SECONDS);
              cache.put(tenant.id(), new Cached(t.value(), clock.instant().plusSeconds(valid)));
              return t.value();
            });
  }
}
