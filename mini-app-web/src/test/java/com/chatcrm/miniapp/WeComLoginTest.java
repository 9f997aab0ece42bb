package com.chatcrm.miniapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** WeCom's answers as platforms.md §2.7–2.8 describes them. */
class WeComLoginTest {

  static final Tenant TENANT =
      new Tenant(7, "wecom", "wwhuaxin0001", "华信科技", ZoneId.of("Asia/Shanghai"));

  @Test
  @DisplayName("a member's code gives the userid; 40029 is a bad code; a non-member is refused")
  void codes() {
    WeComLogin login =
        new WeComLogin(
            (tenant, path, params) ->
                switch (params.get("code")) {
                  case "good" ->
                      Future.succeededFuture(
                          new JsonObject().put("errcode", 0).put("userid", "lisi"));
                  case "outsider" ->
                      Future.succeededFuture(
                          new JsonObject().put("errcode", 0).put("openid", "o-1"));
                  default ->
                      Future.failedFuture(
                          new IllegalStateException("wecom error 40029: invalid code"));
                },
            Clock.systemUTC());
    assertThat(Await.await(login.platformUserId(TENANT, "good"))).isEqualTo("lisi");
    assertThatThrownBy(() -> Await.await(login.platformUserId(TENANT, "used")))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> Await.await(login.platformUserId(TENANT, "outsider")))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  @DisplayName("the JS-API ticket is fetched once and then cached")
  void ticketCached() {
    AtomicInteger fetches = new AtomicInteger();
    WeComLogin login =
        new WeComLogin(
            (tenant, path, params) -> {
              assertThat(path).isEqualTo("/cgi-bin/get_jsapi_ticket");
              fetches.incrementAndGet();
              return Future.succeededFuture(
                  new JsonObject().put("ticket", "T1").put("expires_in", 7200));
            },
            Clock.systemUTC());
    assertThat(Await.await(login.jsapiTicket(TENANT))).isEqualTo("T1");
    assertThat(Await.await(login.jsapiTicket(TENANT))).isEqualTo("T1");
    assertThat(fetches).hasValue(1);
  }
}
