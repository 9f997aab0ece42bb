package com.chatcrm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The management token (CRM_MANAGEMENT_TOKEN) and who may read /metrics without it. */
class ManagementConfigTest {

  private final Map<String, String> env = new HashMap<>();

  private ManagementConfig load() {
    return new ConfigLoader(env, new Properties()).load().management();
  }

  private void prod() {
    env.put("CRM_PROFILE", "prod");
    env.put("CRM_DB_URL", "postgresql://crm@db:5432/crm");
    env.put("CRM_MINIAPP_SESSION_KEY", "0123456789abcdef0123456789abcdef");
    env.put("CRM_SECRETS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  }

  @Test
  @DisplayName("without a token: open in dev (local use), closed in prod")
  void withoutToken() {
    assertThat(load()).isEqualTo(new ManagementConfig(java.util.Optional.empty(), true));
    prod();
    assertThat(load()).isEqualTo(new ManagementConfig(java.util.Optional.empty(), false));
  }

  @Test
  @DisplayName(
      "the token comes from CRM_MANAGEMENT_TOKEN, must be 32+ characters, and never shows in toString")
  void token() {
    prod();
    env.put("CRM_MANAGEMENT_TOKEN", "short");
    assertThatThrownBy(this::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage("management.token: must be at least 32 characters (from CRM_MANAGEMENT_TOKEN)")
        .hasMessageNotContaining("short");
    env.put("CRM_MANAGEMENT_TOKEN", "a-management-token-0123456789abcdef");
    ManagementConfig config = load();
    assertThat(config.token()).contains("a-management-token-0123456789abcdef");
    assertThat(config.toString()).doesNotContain("0123456789");
  }
}
