package com.chatcrm.server.journey;

import static com.chatcrm.server.journey.JourneyClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.server.journey.JourneyClient.Chat;
import com.chatcrm.server.journey.JourneyClient.MiniApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reminders as a rep lives them, on the packaged jar: set in chat or in the mini-app, pushed as a
 * card by the wall clock, 完成 and 推迟1小时 tapped, and still pushed after the service restarts on the
 * same data directory. Both platforms, only public HTTP. The dispatcher's tick is shortened by its
 * setting.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReminderJourneyIT {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @TempDir static Path workDir;
  static PackagedService service;
  static JourneyClient client;

  /** When the line "1分钟后提醒我…" was typed on each platform, and the confirmation it got. */
  static final Map<SandboxRep, BotMessage> chatSet = new java.util.EnumMap<>(SandboxRep.class);

  static final Map<SandboxRep, Chat> chats = new java.util.EnumMap<>(SandboxRep.class);

  @BeforeAll
  static void start() throws Exception {
    service = new PackagedService(workDir, Map.of("CRM_REMINDERS_TICK_MILLIS", "200"));
    client = service.start();
    // typed first: the minute they wait for runs while the other journeys are walked
    for (SandboxRep rep : SandboxRep.values()) {
      chats.put(rep, chat(rep));
      chatSet.put(rep, chats.get(rep).ask("1分钟后提醒我给客户发报价单"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  static Chat chat(SandboxRep rep) {
    return client.chat(rep.platform, rep.corpId, rep.userId);
  }

  static MiniApp miniApp(SandboxRep rep) {
    return client.miniApp(rep.platform, rep.corpId, rep.userId);
  }

  /** One of the rep's own customers, from the mini-app's list. */
  static long ownCustomer(MiniApp app) {
    JsonArray items = app.get("/customers?scope=mine&limit=5").json().getJsonArray("items");
    assertThat(items).as("the demo data gives every rep customers").isNotEmpty();
    return items.getJsonObject(0).getLong("id");
  }

  static JsonObject remindIn(MiniApp app, long customerId, Duration in, String text) {
    JourneyClient.Response r =
        app.post(
            "/customers/" + customerId + "/reminders",
            new JsonObject().put("dueAt", Instant.now().plus(in).toString()).put("text", text));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static BotMessage cardFor(Chat chat, String text, Duration within) {
    return chat.waitFor(
        within, "the reminder card «" + text + "»", m -> m.says("跟进提醒") && m.says(text));
  }

  static JsonObject myReminder(MiniApp app, long id) {
    JsonObject lists = app.get("/reminders").json();
    for (String list : new String[] {"overdue", "upcoming"}) {
      JsonArray items = lists.getJsonArray(list, new JsonArray());
      for (int i = 0; i < items.size(); i++) {
        if (items.getJsonObject(i).getLong("id") == id) {
          return items.getJsonObject(i);
        }
      }
    }
    return null;
  }

  @Order(1)
  @ParameterizedTest
  @EnumSource(SandboxRep.class)
  @DisplayName(
      "a reminder due in a few seconds arrives as a card by the wall clock, and 完成 closes it")
  void dueSoonThenDone(SandboxRep rep) {
    Chat chat = chat(rep);
    MiniApp app = miniApp(rep);
    JsonObject reminder = remindIn(app, ownCustomer(app), Duration.ofSeconds(3), "确认试用账号 " + rep);

    BotMessage card = cardFor(chat, "确认试用账号 " + rep, Duration.ofSeconds(30));
    assertThat(card.text()).contains("完成", "推迟1小时", "明天再说");

    chat.tap(card, "完成");
    BotMessage answer = chat.next(Duration.ofSeconds(20));
    assertThat(answer.text()).contains("完成");
    eventually(
        Duration.ofSeconds(10),
        "the reminder leaves the rep's list",
        () -> myReminder(app, reminder.getLong("id")) == null ? true : null);
  }

  @Order(2)
  @ParameterizedTest
  @EnumSource(SandboxRep.class)
  @DisplayName(
      "推迟1小时 on a pushed reminder moves it to an hour from the tap, and it is not pushed again before")
  void snoozeAnHour(SandboxRep rep) {
    Chat chat = chat(rep);
    MiniApp app = miniApp(rep);
    JsonObject reminder = remindIn(app, ownCustomer(app), Duration.ofSeconds(2), "回访报价反馈 " + rep);
    BotMessage card = cardFor(chat, "回访报价反馈 " + rep, Duration.ofSeconds(30));

    Instant tapped = Instant.now();
    chat.tap(card, "推迟1小时");
    BotMessage answer = chat.next(Duration.ofSeconds(20));
    assertThat(answer.text()).contains("推迟");

    JsonObject moved =
        eventually(
            Duration.ofSeconds(10),
            "the snoozed reminder in the rep's list",
            () -> myReminder(app, reminder.getLong("id")));
    Instant due = Instant.parse(moved.getString("dueAt"));
    assertThat(due)
        .isBetween(tapped.plus(Duration.ofMinutes(59)), tapped.plus(Duration.ofMinutes(62)));
  }

  @Order(3)
  @ParameterizedTest
  @EnumSource(SandboxRep.class)
  @DisplayName("a reminder set in chat one minute ahead is pushed within 60 s of its due minute")
  void setInChatPushedOnTime(SandboxRep rep) {
    BotMessage confirmation = chatSet.get(rep);
    assertThat(confirmation.text()).contains("已设置提醒");
    Instant due = dueShownOn(confirmation);

    BotMessage card =
        cardFor(chats.get(rep), "给客户发报价单", Duration.between(Instant.now(), due).plusSeconds(60));
    Instant arrived = Instant.parse(card.raw().getString("at"));
    assertThat(arrived).isBefore(due.plusSeconds(60));
    // nobody tapped it: it stays on the rep's list as overdue until done
    JsonArray overdue =
        eventually(
            Duration.ofSeconds(10),
            "the ignored reminder among the overdue",
            () -> {
              JsonArray list = miniApp(rep).get("/reminders").json().getJsonArray("overdue");
              return list.encode().contains("给客户发报价单") ? list : null;
            });
    assertThat(overdue).isNotEmpty();
  }

  @Order(4)
  @Test
  @DisplayName(
      "/health reports the dispatcher's last good pass and /metrics the oldest unpushed reminder's age")
  void watched() {
    JourneyClient.Response health = client.get("/health");
    assertThat(health.status()).isEqualTo(200);
    JsonObject pushed = checkOf(health.json(), "pushedWork");
    assertThat(pushed.getString("status")).isEqualTo("UP");
    Instant last =
        Instant.parse(
            pushed
                .getJsonObject("data")
                .getJsonObject("reminderDispatch")
                .getString("lastSuccessAt"));
    assertThat(last).isAfter(Instant.now().minusSeconds(10));

    String metrics = client.get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^crm_reminders_oldest_due_seconds (\\S+)$").matcher(metrics);
    assertThat(m.find()).as("the metric is exposed").isTrue();
    assertThat(Double.parseDouble(m.group(1))).isLessThan(30);
  }

  @Order(5)
  @Test
  @DisplayName(
      "after a restart on the same data directory nothing is lost and reminders are still pushed")
  void restart() throws Exception {
    MiniApp app = miniApp(SandboxRep.WECOM);
    long customer = ownCustomer(app);
    int customers = app.get("/customers?scope=mine&limit=100").json().getJsonArray("items").size();
    remindIn(app, customer, Duration.ofSeconds(8), "重启后也要提醒");
    MiniApp dingApp = miniApp(SandboxRep.DINGTALK);
    remindIn(dingApp, ownCustomer(dingApp), Duration.ofSeconds(8), "重启后也要提醒");

    service.stop();
    client = service.start();

    for (SandboxRep rep : SandboxRep.values()) {
      Chat chat = client.chatFromStart(rep.platform, rep.corpId, rep.userId);
      BotMessage card =
          chat.waitFor(
              Duration.ofSeconds(60),
              "the reminder due during the restart",
              mm -> mm.says("跟进提醒") && mm.says("重启后也要提醒"));
      assertThat(card.text()).contains("完成");
    }
    MiniApp again = miniApp(SandboxRep.WECOM);
    assertThat(again.get("/customers?scope=mine&limit=100").json().getJsonArray("items"))
        .hasSize(customers);
    assertThat(service.log()).doesNotContain("\tat ");
  }

  static JsonObject checkOf(JsonObject health, String id) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i);
      }
    }
    throw new AssertionError("no check " + id + " in " + health.encode());
  }

  /** The time a confirmation card shows ("12月7日 07:42", tenant time), as an instant. */
  static Instant dueShownOn(BotMessage confirmation) {
    Matcher m =
        Pattern.compile("(\\d{1,2})月(\\d{1,2})日\\s*(\\d{1,2}):(\\d{2})")
            .matcher(confirmation.text());
    assertThat(m.find()).as("a due time on " + confirmation).isTrue();
    LocalDate today = LocalDate.now(SHANGHAI);
    LocalDate day =
        LocalDate.of(today.getYear(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    if (day.isBefore(today.minusMonths(6))) {
      day = day.plusYears(1);
    }
    LocalTime time = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    return ZonedDateTime.of(day, time, SHANGHAI).toInstant();
  }
}
