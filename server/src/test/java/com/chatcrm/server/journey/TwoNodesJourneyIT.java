package com.chatcrm.server.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged service processes on one database, as docs/deploy.md's "Several nodes" says: nothing
 * configured but the same database. A burst of reminders all due at the same minute, typed in chat
 * on either node, and a 日报 run that both nodes find due at the same tick: every reminder card and
 * every manager's 日报 is pushed exactly once, by one node or the other. Each node serves its own
 * platform stand-ins, so what was pushed is read from both.
 */
class TwoNodesJourneyIT {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Reps of both sandbox companies: platform, corp id, user id. */
  static final List<String[]> REPS =
      List.of(
          new String[] {"wecom", "wwhuaxin0001", "lisi"},
          new String[] {"wecom", "wwhuaxin0001", "wangwu"},
          new String[] {"wecom", "wwhuaxin0001", "wujiu"},
          new String[] {"wecom", "wwhuaxin0001", "zhengshi"},
          new String[] {"wecom", "wwhuaxin0001", "fengyi"},
          new String[] {"dingtalk", "dingsandbox0001", "staff02"},
          new String[] {"dingtalk", "dingsandbox0001", "staff03"},
          new String[] {"dingtalk", "dingsandbox0001", "staff08"},
          new String[] {"dingtalk", "dingsandbox0001", "staff09"},
          new String[] {"dingtalk", "dingsandbox0001", "staff10"});

  /** The department leaders, who get a 日报 each. */
  static final List<String[]> MANAGERS =
      List.of(
          new String[] {"wecom", "wwhuaxin0001", "zhangsan"},
          new String[] {"wecom", "wwhuaxin0001", "zhouba"},
          new String[] {"wecom", "wwhuaxin0001", "sunqi"},
          new String[] {"dingtalk", "dingsandbox0001", "manager01"},
          new String[] {"dingtalk", "dingsandbox0001", "manager07"});

  static final int PER_REP = 3;

  @TempDir static Path workDir;
  static PackagedService nodeA;
  static PackagedService nodeB;
  static JourneyClient a;
  static JourneyClient b;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env =
        Map.of(
            "CRM_DB_URL", db.url(),
            "CRM_REMINDERS_TICK_MILLIS", "200",
            // not due while the nodes start: the test makes the 日报 due once both are up
            "CRM_REPORTS_DAILY_AT", "23:59");
    nodeA = new PackagedService(Files.createDirectories(workDir.resolve("a")), env);
    a = nodeA.start();
    // the second node after the first has seeded the demo data: it finds the companies ready
    nodeB = new PackagedService(Files.createDirectories(workDir.resolve("b")), env);
    b = nodeB.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (PackagedService node : new PackagedService[] {nodeA, nodeB}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @DisplayName(
      "a burst of reminders due at one minute and a 日报 run, on two nodes: each pushed once")
  void eachPushedOnce() throws Exception {
    // every reminder due at the same minute, at least 90 s away, typed alternately on each node
    ZonedDateTime due = ZonedDateTime.now(SHANGHAI).plusSeconds(150).withSecond(0).withNano(0);
    String at = due.format(DateTimeFormatter.ofPattern("HH:mm"));
    String day = due.toLocalDate().equals(java.time.LocalDate.now(SHANGHAI)) ? "今天" : "明天";
    Map<String, String[]> contents = new LinkedHashMap<>();
    int n = 0;
    for (String[] rep : REPS) {
      for (int i = 1; i <= PER_REP; i++) {
        String content = "给客户发第" + (++n) + "份报价单";
        contents.put(content, rep);
        JourneyClient node = n % 2 == 0 ? a : b;
        node.chat(rep[0], rep[1], rep[2]).say("提醒我 " + day + " " + at + " " + content);
      }
    }
    int burst = contents.size();
    JourneyClient.eventually(
        Duration.ofSeconds(60),
        burst + " reminders stored",
        () ->
            count("SELECT count(*) FROM reminder WHERE text LIKE '给客户发第%份报价单'") == burst
                ? true
                : null);
    assertThat(count("SELECT count(DISTINCT due_at) FROM reminder WHERE text LIKE '给客户发第%份报价单'"))
        .isEqualTo(1);

    // each company's admin moves its 日报 to 00:00 on the mini-app's 设置 page, one on each node:
    // already past, so both nodes find it due at their next tick
    JsonObject midnight = new JsonObject().put("dailyReportAt", "00:00");
    assertThat(
            a.miniApp("wecom", "wwhuaxin0001", "zhangsan")
                .patch("/settings/report-times", midnight)
                .status())
        .isEqualTo(200);
    assertThat(
            b.miniApp("dingtalk", "dingsandbox0001", "manager01")
                .patch("/settings/report-times", midnight)
                .status())
        .isEqualTo(200);

    // wait for every card, on whichever node pushed it
    JourneyClient.eventually(
        Duration.ofSeconds(240),
        "every reminder card and every 日报 pushed",
        () -> {
          for (Map.Entry<String, String[]> e : contents.entrySet()) {
            if (pushes(e.getValue(), m -> isReminderCard(m, e.getKey())) == 0) {
              return null;
            }
          }
          for (String[] manager : MANAGERS) {
            if (pushes(manager, TwoNodesJourneyIT::isDailyReport) == 0) {
              return null;
            }
          }
          return true;
        });
    // a second node that also pushed would have done so by now: both tick every 200 ms
    Thread.sleep(5_000);
    List<String> twice = new ArrayList<>();
    for (Map.Entry<String, String[]> e : contents.entrySet()) {
      int pushed = pushes(e.getValue(), m -> isReminderCard(m, e.getKey()));
      if (pushed != 1) {
        twice.add(e.getKey() + " ×" + pushed);
      }
    }
    for (String[] manager : MANAGERS) {
      int pushed = pushes(manager, TwoNodesJourneyIT::isDailyReport);
      if (pushed != 1) {
        twice.add("日报 to " + manager[2] + " ×" + pushed);
      }
    }
    assertThat(twice).as("pushed other than once").isEmpty();
  }

  /** How many of {@code member}'s messages on both nodes' stand-ins match. */
  static int pushes(String[] member, java.util.function.Predicate<BotMessage> matches) {
    int n = 0;
    for (JourneyClient node : List.of(a, b)) {
      for (BotMessage m : node.chatFromStart(member[0], member[1], member[2]).all()) {
        if (matches.test(m)) {
          n++;
        }
      }
    }
    return n;
  }

  static boolean isReminderCard(BotMessage m, String content) {
    return m.says(content) && m.hasButton("完成");
  }

  static boolean isDailyReport(BotMessage m) {
    return m.says("日报") && m.hasButton("打开报表");
  }

  static long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        db.location().jdbcUrl(), db.location().user(), db.location().password());
  }
}
