package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 免登 on top of a platform's code exchange, as both platforms' adapters answer it. */
class CodeLoginTest {

  static final Tenant TENANT =
      new Tenant(7, "dingtalk", "dingcorp", "钉云贸易", ZoneId.of("Asia/Shanghai"));
  static final CodeLogin.TicketSource NO_TICKETS =
      tenant -> Future.succeededFuture(new CodeLogin.Ticket("t", 7200));

  @Test
  @DisplayName("a member's code gives their user id")
  void aCodeBecomesTheMembersUserId() {
    CodeLogin login =
        new CodeLogin(
            (tenant, code) -> Future.succeededFuture("staff02"), NO_TICKETS, Clock.systemUTC());
    assertThat(await(login.platformUserId(TENANT, "code-1"))).isEqualTo("staff02");
  }

  @Test
  @DisplayName("a used code, a missing code and a non-member are refused in plain words")
  void badCodesAndNonMembersAreRefusedInPlainWords() {
    CodeLogin refusing =
        new CodeLogin(
            (tenant, code) -> Future.failedFuture(InvalidInput.field("code", "登录码无效或已过期，请重新打开应用")),
            NO_TICKETS,
            Clock.systemUTC());
    assertThatThrownBy(() -> await(refusing.platformUserId(TENANT, "used")))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("登录码无效");
    assertThatThrownBy(() -> await(refusing.platformUserId(TENANT, " ")))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("缺少登录码");
    CodeLogin outsider =
        new CodeLogin(
            (tenant, code) -> Future.succeededFuture(null), NO_TICKETS, Clock.systemUTC());
    assertThatThrownBy(() -> await(outsider.platformUserId(TENANT, "c")))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName("the ticket is fetched once while valid, and again after its lifetime less a margin")
  void theTicketIsFetchedOnceWhileValid() {
    AtomicInteger fetches = new AtomicInteger();
    Instant now = Instant.parse("2026-11-23T02:00:00Z");
    CodeLogin.TicketSource source =
        tenant ->
            Future.succeededFuture(
                new CodeLogin.Ticket("ticket-" + fetches.incrementAndGet(), 7200));
    MutableClock clock = new MutableClock(now);
    CodeLogin login = new CodeLogin((tenant, code) -> Future.succeededFuture("x"), source, clock);
    assertThat(await(login.jsapiTicket(TENANT))).isEqualTo("ticket-1");
    clock.advance(Duration.ofSeconds(7200 - 301));
    assertThat(await(login.jsapiTicket(TENANT))).isEqualTo("ticket-1");
    assertThat(fetches).hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(await(login.jsapiTicket(TENANT))).isEqualTo("ticket-2");
  }
}
