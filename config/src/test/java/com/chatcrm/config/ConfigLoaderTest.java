package com.chatcrm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final Properties props = new Properties();

  private CrmConfig load() {
    return new ConfigLoader(env, props).load();
  }

  @Test
  @DisplayName("the dev profile runs on an embedded database on port 8080 with the sandbox on")
  void devDefaults() {
    CrmConfig config = load();
    assertThat(config.profile()).isEqualTo("dev");
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.db().embedded()).isTrue();
    assertThat(config.db().embeddedDataDir()).isEqualTo(Path.of("./data/pg"));
    assertThat(config.sandbox().enabled()).isTrue();
  }

  @Test
  @DisplayName("environment variables override the profile, system properties override both")
  void layers() throws IOException {
    Path file =
        Files.writeString(dir.resolve("site.yaml"), "http:\n  port: 9000\ndb:\n  poolSize: 3\n");
    env.put("CRM_CONFIG_FILE", file.toString());
    env.put("CRM_HTTP_PORT", "9001");
    env.put("CRM_DB_URL", "postgresql://crm:s3cret@db.internal:5432/crm");
    env.put("CRM_DB_EMBEDDED_DATA_DIR", "/var/lib/crm/pg");
    props.setProperty("crm.http.port", "9002");

    CrmConfig config = load();

    assertThat(config.http().port()).isEqualTo(9002);
    assertThat(config.db().poolSize()).isEqualTo(3);
    assertThat(config.db().url()).contains("postgresql://crm:s3cret@db.internal:5432/crm");
    assertThat(config.db().embedded()).isFalse();
    assertThat(config.db().embeddedDataDir()).isEqualTo(Path.of("/var/lib/crm/pg"));
  }

  @Test
  @DisplayName("the prod profile turns the sandbox off and insists on an external database")
  void prodProfile() {
    env.put("CRM_PROFILE", "prod");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("db.url: required in the prod profile");

    env.put("CRM_DB_URL", "postgresql://crm@db:5432/crm");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("miniapp.sessionKey: required outside sandbox mode");
    env.put("CRM_MINIAPP_SESSION_KEY", "short");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("miniapp.sessionKey: must be at least 32 characters");
    env.put("CRM_MINIAPP_SESSION_KEY", "0123456789abcdef0123456789abcdef");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("secrets.masterKey: required in the prod profile");
    env.put("CRM_SECRETS_MASTER_KEY", "bm90IDMyIGJ5dGVz");
    assertThatThrownBy(this::load)
        .hasMessage(
            "secrets.masterKey: must be 32 bytes in base64, not 12 (from CRM_SECRETS_MASTER_KEY);"
                + " make one with `openssl rand -base64 32`");
    env.put("CRM_SECRETS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    env.put("CRM_SECRETS_PREVIOUS_KEYS", "not base64!");
    assertThatThrownBy(this::load)
        .hasMessage("secrets.previousKeys: is not base64 (from CRM_SECRETS_PREVIOUS_KEYS)");
    env.put("CRM_SECRETS_PREVIOUS_KEYS", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8= , ");
    CrmConfig config = load();
    assertThat(config.secrets().previousKeys()).hasSize(1);
    assertThat(config.secrets().toString()).doesNotContain("AAEC").doesNotContain("ICEi");
    assertThat(config.sandbox().enabled()).isFalse();
    assertThat(config.db().poolSize()).isEqualTo(16);
  }

  @Test
  @DisplayName(
      "the prod profile refuses sandbox settings instead of serving dev-login with the production key")
  void prodProfileRefusesTheSandbox() {
    env.put("CRM_PROFILE", "prod");
    env.put("CRM_DB_URL", "postgresql://crm@db:5432/crm");
    env.put("CRM_MINIAPP_SESSION_KEY", "0123456789abcdef0123456789abcdef");
    env.put("CRM_SANDBOX_ENABLED", "true");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "sandbox.enabled: the prod profile refuses the sandbox (from CRM_SANDBOX_ENABLED)");
    env.remove("CRM_SANDBOX_ENABLED");
    env.put("CRM_WECOM_API_BASE_URL", "sandbox");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("wecom.apiBaseUrl: 'sandbox' needs sandbox.enabled=true");
  }

  @Test
  void unknownProfileNamesTheKnownOnes() {
    env.put("CRM_PROFILE", "staging");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage("profile (CRM_PROFILE): unknown profile 'staging'; known profiles: dev, prod");
  }

  @Test
  void malformedYamlPointsAtTheLine() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "http:\n  port: [8080\ndb:\n  url: x\n");
    env.put("CRM_CONFIG_FILE", file.toString());
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("malformed YAML at line")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void missingExternalFileIsNamed() {
    env.put("CRM_CONFIG_FILE", dir.resolve("nope.yaml").toString());
    assertThatThrownBy(this::load).hasMessageEndingWith("(CRM_CONFIG_FILE): no such file");
  }

  @Test
  void misspelledKeyIsRefusedRatherThanIgnored() throws IOException {
    Path file = Files.writeString(dir.resolve("typo.yaml"), "http:\n  prot: 9000\n");
    env.put("CRM_CONFIG_FILE", file.toString());
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.prot: unknown setting in " + file)
        .hasMessageContaining("http.port");
  }

  @Test
  void badValuesNameTheirKeyAndSource() {
    env.put("CRM_HTTP_PORT", "eighty");
    assertThatThrownBy(this::load)
        .hasMessage("http.port: 'eighty' is not a whole number (from CRM_HTTP_PORT)");

    env.put("CRM_HTTP_PORT", "70000");
    assertThatThrownBy(this::load)
        .hasMessage("http.port: 70000 is out of range 0..65535 (from CRM_HTTP_PORT)");

    env.remove("CRM_HTTP_PORT");
    props.setProperty("crm.sandbox.enabled", "maybe");
    assertThatThrownBy(this::load)
        .hasMessage("sandbox.enabled: 'maybe' is not true or false (from -Dcrm.sandbox.enabled)");
  }

  @Test
  @DisplayName("a wrong database URL is refused without echoing its password")
  void databaseUrlIsCheckedAndRedacted() {
    env.put("CRM_DB_URL", "mysql://crm:hunter2@db:3306/crm");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("db.url: 'mysql://crm:***@db:3306/crm' is not a PostgreSQL URL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));

    env.put("CRM_DB_URL", "postgresql://crm:hunter2@db:5432");
    assertThatThrownBy(this::load).hasMessageContaining("lacks a host or a database name");
  }

  @Test
  void platformUrlsAreCheckedAndTheSandboxNeedsSandboxMode() {
    assertThat(load().platforms().wecomApiBaseUrl()).isEqualTo("sandbox");
    env.put("CRM_SANDBOX_ENABLED", "false");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("wecom.apiBaseUrl: 'sandbox' needs sandbox.enabled=true");
    env.put("CRM_WECOM_API_BASE_URL", "qyapi.weixin.qq.com");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("wecom.apiBaseUrl: 'qyapi.weixin.qq.com' is not an http(s) URL");
    env.put("CRM_WECOM_API_BASE_URL", "https://qyapi.weixin.qq.com");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith("dingtalk.apiBaseUrl: 'sandbox' needs sandbox.enabled=true");
    env.put("CRM_DINGTALK_API_BASE_URL", "https://api.dingtalk.com");
    env.put("CRM_DINGTALK_OAPI_BASE_URL", "https://oapi.dingtalk.com");
    env.put("CRM_MINIAPP_SESSION_KEY", "0123456789abcdef0123456789abcdef");
    PlatformsConfig platforms = load().platforms();
    assertThat(platforms.wecomApiBaseUrl()).isEqualTo("https://qyapi.weixin.qq.com");
    assertThat(platforms.dingtalkOapiBaseUrl()).isEqualTo("https://oapi.dingtalk.com");
  }

  @Test
  void everySettingHasAnEnvironmentName() {
    assertThat(ConfigLoader.SETTINGS)
        .extracting(Setting::envName)
        .contains("CRM_HTTP_PORT", "CRM_DB_URL", "CRM_DB_POOL_SIZE", "CRM_DB_EMBEDDED_DATA_DIR");
  }

  @Test
  @DisplayName("reminder pacing defaults to the platforms' limits and can be set per deployment")
  void reminderPacing() {
    ReminderPacing defaults = load().reminders();
    assertThat(defaults)
        .isEqualTo(new ReminderPacing(Duration.ofSeconds(1), 1200, 20, 200, Duration.ofMinutes(2)));
    env.put("CRM_REMINDERS_PER_TENANT_PER_MINUTE", "6000");
    env.put("CRM_REMINDERS_PER_USER_PER_MINUTE", "15");
    props.setProperty("crm.reminders.tickMillis", "500");
    ReminderPacing set = load().reminders();
    assertThat(set.perTenantPerMinute()).isEqualTo(6000);
    assertThat(set.perUserPerMinute()).isEqualTo(15);
    assertThat(set.tick()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  @DisplayName(
      "report times default to 18:30 and Monday 09:00, can be set, and a malformed one names the key")
  void reportTimes() {
    assertThat(load().reports())
        .isEqualTo(new ReportSchedule(LocalTime.of(18, 30), LocalTime.of(9, 0)));
    env.put("CRM_REPORTS_DAILY_AT", "7:05");
    assertThat(load().reports().dailyAt()).isEqualTo(LocalTime.of(7, 5));
    env.put("CRM_REPORTS_DAILY_AT", "25:00");
    assertThatThrownBy(this::load)
        .hasMessage(
            "reports.dailyAt: '25:00' is not a time of day like 18:30 (from CRM_REPORTS_DAILY_AT)");
  }

  @Test
  @DisplayName("leads return to the 线索池 after 3 untouched days unless set; 0 days is refused")
  void leadReclaimDays() {
    assertThat(load().leads()).isEqualTo(new LeadSettings(3));
    env.put("CRM_LEADS_RECLAIM_AFTER_DAYS", "7");
    assertThat(load().leads().reclaimAfterDays()).isEqualTo(7);
    env.put("CRM_LEADS_RECLAIM_AFTER_DAYS", "0");
    assertThatThrownBy(this::load).hasMessageContaining("leads.reclaimAfterDays");
  }

  @Test
  @DisplayName(
      "the nightly directory sync defaults to 02:30, can be set, and a malformed time names the key")
  void directorySyncTime() {
    assertThat(load().directory()).isEqualTo(new DirectorySchedule(LocalTime.of(2, 30)));
    env.put("CRM_DIRECTORY_NIGHTLY_AT", "3:15");
    assertThat(load().directory().nightlyAt()).isEqualTo(LocalTime.of(3, 15));
    env.put("CRM_DIRECTORY_NIGHTLY_AT", "2.30");
    assertThatThrownBy(this::load)
        .hasMessage(
            "directory.nightlyAt: '2.30' is not a time of day like 18:30 (from CRM_DIRECTORY_NIGHTLY_AT)");
  }

  @Test
  @DisplayName("reminder pacing beyond a platform's limit is refused, naming the key")
  void reminderPacingWithinLimits() {
    env.put("CRM_REMINDERS_PER_USER_PER_MINUTE", "40");
    assertThatThrownBy(this::load)
        .hasMessage(
            "reminders.perUserPerMinute: 40 is out of range 2..30 (from CRM_REMINDERS_PER_USER_PER_MINUTE)");
    env.remove("CRM_REMINDERS_PER_USER_PER_MINUTE");
    env.put("CRM_REMINDERS_PER_TENANT_PER_MINUTE", "many");
    assertThatThrownBy(this::load)
        .hasMessage(
            "reminders.perTenantPerMinute: 'many' is not a whole number (from CRM_REMINDERS_PER_TENANT_PER_MINUTE)");
    env.put("CRM_REMINDERS_PER_TENANT_PER_MINUTE", "300");
    assertThatThrownBy(this::load)
        .hasMessageStartingWith(
            "reminders.burst: 200 is more than half of reminders.perTenantPerMinute (300)");
    env.put("CRM_REMINDERS_BURST", "50");
    env.put("CRM_REMINDERS_LEASE_SECONDS", "5");
    assertThatThrownBy(this::load)
        .hasMessage(
            "reminders.leaseSeconds: 5 is out of range 30..3600 (from CRM_REMINDERS_LEASE_SECONDS)");
  }
}
