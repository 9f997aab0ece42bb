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
 * DingTalk 免登 (the page's {@code requestAuthCode} code → the member's user id) and the jsapi ticket
 * for {@code dd.config}, on top of two functions the composition root builds from the DingTalk
 * adapter, so this module stays free of the gateway. Tickets are cached per tenant a little under
 * their 7200 s.
 */
public final class DingTalkLogin implements PlatformLogin {

  /** The member behind a login code, asked of the tenant's DingTalk app; null for a non-member. */
  @FunctionalInterface
  public interface UserByCode {
    Future<String> userId(long tenantId, String code);
  }

  /** A fresh jsapi ticket of the tenant's DingTalk app. */
  @FunctionalInterface
  public interface TicketSource {
    Future<String> ticket(long tenantId);
  }

  private static final long TICKET_SECONDS = 7200 - 300;

  private record Ticket(String value, Instant expires) {}

  private final UserByCode users;
  private final TicketSource tickets;
  private final Clock clock;
  private final Map<Long, Ticket> cache = new ConcurrentHashMap<>();

  public DingTalkLogin(UserByCode users, TicketSource tickets, Clock clock) {
    this.users = users;
    this.tickets = tickets;
    this.clock = clock;
  }

  @Override
  public Future<String> platformUserId(Tenant tenant, String code) {
    if (code == null || code.isBlank()) {
      return Future.failedFuture(InvalidInput.field("code", "缺少登录码，请从钉钉工作台重新打开应用"));
    }
    return users
        .userId(tenant.id(), code)
        .recover(e -> Future.failedFuture(InvalidInput.field("code", "登录码无效或已过期，请重新打开应用")))
        .compose(
            userId ->
                userId == null || userId.isBlank()
                    ? Future.failedFuture(new Forbidden("只有企业成员可以使用客户管理"))
                    : Future.succeededFuture(userId));
  }

  @Override
  public Future<String> jsapiTicket(Tenant tenant) {
    Ticket cached = cache.get(tenant.id());
    if (cached != null && cached.expires().isAfter(clock.instant())) {
      return Future.succeededFuture(cached.value());
    }
    return tickets
        .ticket(tenant.id())
        .map(
            value -> {
              cache.put(
                  tenant.id(), new Ticket(value, clock.instant().plusSeconds(TICKET_SECONDS)));
              return value;
            });
  }
}
