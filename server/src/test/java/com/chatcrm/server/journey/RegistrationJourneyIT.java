package com.chatcrm.server.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployer connecting companies, as docs/deploy.md says: the packaged service runs with the
 * platform stand-ins but no company registered; {@code java -jar chat-crm.jar tenant add} (a second
 * process, on the same database) checks each app against the stand-in, stores it sealed, syncs the
 * directory and prints the console settings; then members chat with the bot at once, on WeCom and
 * on DingTalk.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistrationJourneyIT {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase(false);

  static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String OPERATOR_TOKEN = "operator-token-for-the-journey-0123456789";
  static final SandboxCorp HUAXIN = SandboxCorps.huaxin();
  static final SandboxDingTalkCorp DINGYUN = SandboxCorps.dingyun();

  @TempDir static Path workDir;
  static PackagedService service;
  static JourneyClient client;

  @BeforeAll
  static void start() throws Exception {
    service =
        new PackagedService(
            workDir,
            Map.of(
                "CRM_DB_URL",
                db.url(),
                "CRM_SANDBOX_COMPANIES",
                "false",
                "CRM_SECRETS_MASTER_KEY",
                MASTER_KEY,
                "CRM_OPERATOR_TOKEN",
                OPERATOR_TOKEN));
    client = service.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName(
      "a wrong app secret is refused by the platform: exit 3, a Chinese reason, nothing stored")
  void wrongSecretIsRefused() throws Exception {
    Tool run = addHuaxin("not-the-secret");
    assertThat(run.exit).as(run.toString()).isEqualTo(3);
    assertThat(run.err).contains("企业微信拒绝了这组应用凭据").contains("什么都没有保存");
    assertThat(run.err).doesNotContain("not-the-secret");
    assertThat(count("SELECT count(*) FROM tenant")).isZero();

    // a command pointed at a data directory that holds no database refuses instead of making one
    Tool elsewhere =
        tool(
            Map.of(
                "CRM_DB_URL",
                "",
                "CRM_DB_EMBEDDED_DATA_DIR",
                workDir.resolve("nothing-here").toString()),
            "tenant",
            "list");
    assertThat(elsewhere.exit).as(elsewhere.toString()).isEqualTo(2);
    assertThat(elsewhere.err).contains("no database in").contains("nothing-here");

    Tool missing =
        tool(
            Map.of(),
            "tenant",
            "add",
            "--platform",
            "wecom",
            "--corp-id",
            HUAXIN.corpId(),
            "--secret-env",
            "NOPE");
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err).contains("--secret-env NOPE: that environment variable is not set");
  }

  @Test
  @Order(2)
  @DisplayName("tenant add registers a WeCom company: directory synced, console settings printed")
  void registersWeCom() throws Exception {
    Tool run = addHuaxin(HUAXIN.app().secret());
    assertThat(run.exit).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("已注册 华信科技（wecom wwhuaxin0001")
        .contains("通讯录已同步，8 名成员")
        .contains("https://crm.example.com/callback/wecom/wwhuaxin0001")
        .contains("可信域名: crm.example.com");
    assertThat(run.out + run.err).doesNotContain(HUAXIN.app().secret());
  }

  @Test
  @Order(3)
  @DisplayName("tenant add registers a DingTalk company with its robot and events")
  void registersDingTalk() throws Exception {
    Tool run =
        tool(
            Map.of(
                "DT_SECRET", DINGYUN.app(null).appSecret(),
                "DT_EVENT_TOKEN", DINGYUN.app(null).eventToken(),
                "DT_EVENT_KEY", DINGYUN.app(null).eventAesKey()),
            "tenant",
            "add",
            "--platform",
            "dingtalk",
            "--corp-id",
            DINGYUN.corpId(),
            "--app-key",
            DINGYUN.app(null).appKey(),
            "--app-secret-env",
            "DT_SECRET",
            "--agent-id",
            String.valueOf(DINGYUN.app(null).agentId()),
            "--event-token-env",
            "DT_EVENT_TOKEN",
            "--event-aes-key-env",
            "DT_EVENT_KEY",
            "--name",
            "钉云贸易",
            "--admins",
            "manager01");
    assertThat(run.exit).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("已注册 钉云贸易（dingtalk dingsandbox0001")
        .contains("通讯录已同步，8 名成员")
        .contains("https://crm.example.com/callback/dingtalk/dingsandbox0001/robot")
        .contains("https://crm.example.com/callback/dingtalk/dingsandbox0001/events");
  }

  @Test
  @Order(4)
  @DisplayName(
      "members of both companies chat with the bot at once; their directory came with the registration")
  void membersChat() throws Exception {
    BotMessage wecom =
        client.chat("wecom", HUAXIN.corpId(), "lisi").ask("新客户 星河传媒 联系人 周经理 13700002222");
    assertThat(wecom.text()).contains("星河传媒");
    BotMessage dingtalk =
        client.chat("dingtalk", DINGYUN.corpId(), "staff02").ask("新客户 云帆物流 联系人 刘经理 13700003333");
    assertThat(dingtalk.text()).contains("云帆物流");
    // the directory without any org change: members, departments, leaders as managers, the admin
    assertThat(count("SELECT count(*) FROM crm_user WHERE active")).isEqualTo(16);
    assertThat(count("SELECT count(*) FROM department_manager")).isEqualTo(5);
    assertThat(
            count(
                "SELECT count(*) FROM crm_user WHERE role = 'admin' AND platform_user_id IN ('zhangsan', 'manager01')"))
        .isEqualTo(2);
    // a manager sees the rep's new customer in the team's view, which needs the org chart
    BotMessage team = client.chat("wecom", HUAXIN.corpId(), "zhangsan").ask("李四的客户");
    assertThat(team.text()).contains("星河传媒");
  }

  @Test
  @Order(5)
  @DisplayName(
      "the stored app secrets, tokens and AES keys are sealed: no plaintext in tenant_channel")
  void secretsAreSealed() throws Exception {
    String stored = text("SELECT string_agg(settings::text, ' ') FROM tenant_channel");
    for (String secret :
        List.of(
            HUAXIN.app().secret(),
            HUAXIN.app().callbackToken(),
            HUAXIN.app().encodingAesKey(),
            DINGYUN.app(null).appSecret(),
            DINGYUN.app(null).eventToken(),
            DINGYUN.app(null).eventAesKey())) {
      assertThat(stored).doesNotContain(secret);
    }
    assertThat(stored).contains("\"secret\": \"enc:v1:").contains("\"appSecret\": \"enc:v1:");
  }

  @Test
  @Order(6)
  @DisplayName("registering again changes nothing but the settings; list shows both companies")
  void idempotentAndListed() throws Exception {
    Tool again = addHuaxin(HUAXIN.app().secret());
    assertThat(again.exit).as(again.toString()).isZero();
    assertThat(again.out).contains("已更新 华信科技").contains("8 名成员");
    assertThat(count("SELECT count(*) FROM tenant")).isEqualTo(2);
    Tool list = tool(Map.of(), "tenant", "list");
    assertThat(list.out).startsWith("数据库 / database: postgresql://");
    assertThat(list.out)
        .contains("wwhuaxin0001\t华信科技\t8\twecom\t启用")
        .contains("dingsandbox0001\t钉云贸易\t8\tdingtalk\t启用");
  }

  @Test
  @Order(7)
  @DisplayName("the operator API needs its token and lists the companies")
  void operatorApi() {
    assertThat(client.get("/operator/tenants").status()).isEqualTo(401);
    JourneyClient.Response list = client.send("GET", "/operator/tenants", null, OPERATOR_TOKEN);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("tenants")).hasSize(2);
    assertThat(list.body()).doesNotContain("enc:v1:").doesNotContain(HUAXIN.app().secret());
    JourneyClient.Response bad =
        client.send(
            "POST",
            "/operator/tenants",
            new JsonObject().put("platform", "feishu"),
            OPERATOR_TOKEN);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("details").getString("field")).isEqualTo("platform");
  }

  @Test
  @Order(8)
  @DisplayName("a disabled company's callbacks are refused; enabled again, it chats")
  void disableAndEnable() throws Exception {
    assertThat(
            tool(Map.of(), "tenant", "disable", "--platform", "wecom", "--corp-id", HUAXIN.corpId())
                .exit)
        .isZero();
    JourneyClient.Response refused =
        client.post(
            "/sandbox/api/say",
            new JsonObject()
                .put("platform", "wecom")
                .put("corpId", HUAXIN.corpId())
                .put("userId", "lisi")
                .put("text", "今天要做什么"));
    assertThat(refused.status()).isEqualTo(502);
    assertThat(
            tool(Map.of(), "tenant", "enable", "--platform", "wecom", "--corp-id", HUAXIN.corpId())
                .exit)
        .isZero();
    assertThat(client.chat("wecom", HUAXIN.corpId(), "lisi").ask("今天要做什么").text()).isNotEmpty();
  }

  private static Tool addHuaxin(String secret) throws Exception {
    return tool(
        Map.of(
            "WECOM_SECRET",
            secret,
            "WECOM_TOKEN",
            HUAXIN.app().callbackToken(),
            "WECOM_AES_KEY",
            HUAXIN.app().encodingAesKey()),
        "tenant",
        "add",
        "--platform",
        "wecom",
        "--corp-id",
        HUAXIN.corpId(),
        "--agent-id",
        "1000002",
        "--secret-env",
        "WECOM_SECRET",
        "--token-env",
        "WECOM_TOKEN",
        "--aes-key-env",
        "WECOM_AES_KEY",
        "--name",
        "华信科技",
        "--admins",
        "zhangsan");
  }

  /** What one run of the jar's operator command printed, and its exit code. */
  record Tool(int exit, String out, String err) {}

  /**
   * Runs {@code java -jar chat-crm.jar <args>} as a deployer would, next to the running service.
   */
  static Tool tool(Map<String, String> secrets, String... args)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(java, "-jar", Path.of("target", "chat-crm.jar").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CRM_"));
    Map<String, String> env = new HashMap<>();
    String sandbox = "http://127.0.0.1:" + service.port() + "/sandbox/";
    env.put("CRM_DB_URL", db.url());
    env.put("CRM_SECRETS_MASTER_KEY", MASTER_KEY);
    env.put("CRM_HTTP_PUBLIC_URL", "https://crm.example.com");
    env.put("CRM_WECOM_API_BASE_URL", sandbox + "wecom");
    env.put("CRM_DINGTALK_API_BASE_URL", sandbox + "dingtalk");
    env.put("CRM_DINGTALK_OAPI_BASE_URL", sandbox + "dingtalk");
    // the run's own variables win; an empty one is unset
    env.putAll(secrets);
    env.values().removeIf(String::isEmpty);
    pb.environment().putAll(env);
    Path out = Files.createTempFile(workDir, "tool", ".out");
    Path err = Files.createTempFile(workDir, "tool", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "tenant command did not end within 180 s: " + String.join(" ", args));
    }
    return new Tool(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static long count(String sql) throws SQLException {
    return Long.parseLong(text(sql));
  }

  static String text(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                db.location().jdbcUrl(), db.location().user(), db.location().password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
