package com.chatcrm.engine.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String KEY_B = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

  @Test
  @DisplayName("a sealed value opens to the plaintext, never shows it, and differs each time")
  void sealsAndOpens() {
    SecretBox box = SecretBox.of(KEY_A, List.of());
    String sealed = box.seal("corp-secret-123", "tenant 1 wecom.secret");
    assertThat(sealed)
        .startsWith("enc:v1:" + box.currentKeyId() + ":")
        .doesNotContain("corp-secret");
    assertThat(box.seal("corp-secret-123", "tenant 1 wecom.secret")).isNotEqualTo(sealed);
    assertThat(box.open(sealed, "tenant 1 wecom.secret")).isEqualTo("corp-secret-123");
    assertThat(box.isCurrent(sealed)).isTrue();
  }

  @Test
  @DisplayName("a value moved to another tenant's row, or changed, does not open")
  void boundToWhereItLives() {
    SecretBox box = SecretBox.of(KEY_A, List.of());
    String sealed = box.seal("corp-secret-123", "tenant 1 wecom.secret");
    assertThatThrownBy(() -> box.open(sealed, "tenant 2 wecom.secret"))
        .isInstanceOf(SecretUnreadable.class)
        .hasMessageNotContaining("corp-secret");
    String tampered = sealed.substring(0, sealed.length() - 4) + "AAAA";
    assertThatThrownBy(() -> box.open(tampered, "tenant 1 wecom.secret"))
        .isInstanceOf(SecretUnreadable.class);
  }

  @Test
  @DisplayName(
      "after a rotation the previous key still opens old values; a node without it says which key")
  void rotation() {
    SecretBox old = SecretBox.of(KEY_A, List.of());
    String sealedOld = old.seal("s", "w");
    SecretBox rotated = SecretBox.of(KEY_B, List.of(KEY_A));
    assertThat(rotated.open(sealedOld, "w")).isEqualTo("s");
    assertThat(rotated.isCurrent(sealedOld)).isFalse();
    SecretBox newOnly = SecretBox.of(KEY_B, List.of());
    assertThatThrownBy(() -> newOnly.open(sealedOld, "w"))
        .isInstanceOf(SecretUnreadable.class)
        .hasMessageContaining("sealed with master key " + old.currentKeyId())
        .hasMessageContaining("CRM_SECRETS_PREVIOUS_KEYS");
  }

  @Test
  @DisplayName(
      "plain text stored before sealing existed is read as it is; malformed keys are named, not echoed")
  void plaintextAndBadKeys() {
    SecretBox box = SecretBox.development();
    assertThat(box.isDevelopmentKey()).isTrue();
    assertThat(box.open("plain-old-secret", "w")).isEqualTo("plain-old-secret");
    assertThatThrownBy(() -> SecretBox.of("c2hvcnQ=", List.of()))
        .hasMessageStartingWith("the master key must be 32 bytes")
        .hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(() -> SecretBox.of(KEY_A, List.of("%%%")))
        .hasMessage("previous key 1 is not base64");
  }
}
