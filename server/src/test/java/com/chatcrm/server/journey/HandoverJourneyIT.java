package com.chatcrm.server.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.server.journey.JourneyClient.Chat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 离职交接 as a company lives it, on the packaged jar: an admin deletes a member in the platform's
 * directory (the sandbox's stand-in, which tells the service through the real event callback); the
 * leaver's manager gets one card, taps a colleague, and that colleague gets one summary card and
 * owns the leaver's customers; a second tap changes nothing. Both platforms.
 */
class HandoverJourneyIT {

  /** A member who leaves, their manager, and the colleague who takes over. */
  enum Leaver {
    WECOM("wecom", "wwhuaxin0001", "fengyi", "冯一", "zhouba", "zhengshi", "郑十"),
    DINGTALK("dingtalk", "dingsandbox0001", "staff11", "陈晨", "manager07", "staff10", "冯雪");

    final String platform;
    final String corpId;
    final String userId;
    final String name;
    final String manager;
    final String successor;
    final String successorName;

    Leaver(
        String platform,
        String corpId,
        String userId,
        String name,
        String manager,
        String successor,
        String successorName) {
      this.platform = platform;
      this.corpId = corpId;
      this.userId = userId;
      this.name = name;
      this.manager = manager;
      this.successor = successor;
      this.successorName = successorName;
    }
  }

  static final Duration PUSHED = Duration.ofSeconds(60);

  @TempDir static Path workDir;
  static PackagedService service;
  static JourneyClient client;

  @BeforeAll
  static void start() throws Exception {
    service = new PackagedService(workDir, Map.of());
    client = service.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Leaver.class)
  @DisplayName(
      "a member deleted in the directory: one card to their manager, one tap, the colleague owns their customers")
  void leaverIsHandedOver(Leaver l) {
    Set<Long> theirs = customerIds(l.userId);
    assertThat(theirs).as(l.name + " owns demo customers").isNotEmpty();
    Chat manager = client.chat(l.platform, l.corpId, l.manager);
    Chat successor = client.chat(l.platform, l.corpId, l.successor);

    JourneyClient.Response left =
        client.post(
            "/sandbox/api/leave",
            new JsonObject()
                .put("platform", l.platform)
                .put("corpId", l.corpId)
                .put("userId", l.userId));
    assertThat(left.status()).as(left.body()).isEqualTo(200);

    BotMessage card = manager.waitFor(PUSHED, "the 离职交接 card", m -> m.says(l.name + " 已离职"));
    assertThat(card.text()).contains(theirs.size() + " 个客户");
    manager.tap(card, "交给" + l.successorName);

    BotMessage summary =
        successor.waitFor(PUSHED, "the successor's summary", m -> m.says("你接手了 " + l.name));
    assertThat(summary.text()).contains(theirs.size() + " 个客户");
    assertThat(customerIds(l.successor)).containsAll(theirs);

    // the card shows what the tap did: WeCom replaces the button, DingTalk answers in the chat
    manager.waitFor(PUSHED, "the tap's outcome", m -> m.says("✓ 已交接给 " + l.successorName));
    if (l == Leaver.DINGTALK) {
      // a DingTalk command link can be tapped again (a WeCom button, once replaced, cannot)
      manager.tap(card, "交给" + l.successorName);
      BotMessage again =
          manager.waitFor(PUSHED, "the answer to a second tap", m -> m.says("已经交接过了"));
      assertThat(again.text()).contains(l.successorName);
    }
    assertThat(manager.all().stream().filter(m -> m.says(l.name + " 已离职")).count())
        .as("one card, however often the directory is synced")
        .isEqualTo(1);
  }

  /** The customers a member owns, as the mini-app lists them to them. */
  static Set<Long> customerIds(String userId) {
    Leaver team =
        java.util.Arrays.stream(Leaver.values())
            .filter(l -> l.userId.equals(userId) || l.successor.equals(userId))
            .findFirst()
            .orElseThrow();
    JourneyClient.MiniApp app = client.miniApp(team.platform, team.corpId, userId);
    Set<Long> ids = new HashSet<>();
    String cursor = null;
    do {
      JsonObject page =
          app.get("/customers?scope=mine&limit=100" + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      JsonArray items = page.getJsonArray("items");
      items.forEach(i -> ids.add(((JsonObject) i).getLong("id")));
      Object next = page.getValue("nextCursor");
      cursor = next == null ? null : String.valueOf(next);
    } while (cursor != null);
    return ids;
  }
}
