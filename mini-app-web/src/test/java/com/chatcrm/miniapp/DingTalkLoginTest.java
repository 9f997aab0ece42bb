package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.Tenant;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DingTalkLoginTest {

  /** How long this class waits for a future, as before the shared helper. */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  static final Tenant TENANT =
      new Tenant(7, "dingtalk", "dingcorp", "钉云贸易", ZoneId.of("Asia/Shanghai"));

  @Test
  void aCodeBecomesTheMembersUserId() throws Exception {
    DingTalkLogin login =
        new DingTalkLogin(
            (tenant, code) -> Future.succeededFuture("staff02"),
            tenant -> Future.succeededFuture("t"),
            Clock.systemUTC());
    assertThat(await(login.platformUserId(TENANT, "code-1"), WITHIN)).isEqualTo("staff02");
  }

  @Test
  void badCodesAndNonMembersAreRefusedInPlainWords() {
    DingTalkLogin refusing =
        new DingTalkLogin(
            (tenant, code) -> Future.failedFuture(new IllegalStateException("40078")),
            tenant -> Future.succeededFuture("t"),
            Clock.systemUTC());
    assertThatThrownBy(() -> await(refusing.platformUserId(TENANT, "used"), WITHIN))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("登录码无效");
    assertThatThrownBy(() -> await(refusing.platformUserId(TENANT, " "), WITHIN))
        .isInstanceOf(InvalidInput.class);
    DingTalkLogin outsider =
        new DingTalkLogin(
            (tenant, code) -> Future.succeededFuture(null),
            tenant -> Future.succeededFuture("t"),
            Clock.systemUTC());
    assertThatThrownBy(() -> await(outsider.platformUserId(TENANT, "c"), WITHIN))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  void theTicketIsFetchedOnceWhileValid() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    Instant now = Instant.parse("2026-11-23T02:00:00Z");
    DingTalkLogin login =
        new DingTalkLogin(
            (tenant, code) -> Future.succeededFuture("x"),
            tenant -> Future.succeededFuture("ticket-" + fetches.incrementAndGet()),
            Clock.fixed(now, ZoneOffset.UTC));
    assertThat(await(login.jsapiTicket(TENANT), WITHIN)).isEqualTo("ticket-1");
    assertThat(await(login.jsapiTicket(TENANT), WITHIN)).isEqualTo("ticket-1");
    assertThat(fetches).hasValue(1);
  }
}
