package com.chatcrm.gateway.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.gateway.CallbackRejected;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * DingTalk's robot HMAC and event crypto against the vectors of platforms.md §0.4/§0.5 and a
 * reference.
 */
class DingTalkCryptoTest {

  // §0.4, official FAQ vector
  static final String FAQ_TOKEN = "123456";
  static final String FAQ_KEY = "1234567890123456789012345678901234567890123";
  static final String FAQ_OWNER = "dingsnotzck6pm5veliw";
  // §0.4, old ISV doc vector
  static final String ISV_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
  static final String ISV_OWNER = "suite4xxxxxxxxxxxxxxx";
  static final String ISV_ENCRYPT =
      "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==";

  @Test
  @DisplayName(
      "robot HMAC: the §0.5 vector, URL-encoded form, and the hand-built reference HMAC agree")
  void robotSignVector() throws Exception {
    assertThat(DingTalkRobotSign.sign("1577262236757", "testAppSecret123"))
        .isEqualTo("/u/NmL78bEwbWCrXKtyloL0DktNIZ2Q7oKeLE4xd5wU=")
        .isEqualTo(ReferenceDingTalk.robotSign("1577262236757", "testAppSecret123"));
    assertThat(DingTalkRobotSign.signForUrl("1577262236757", "testAppSecret123"))
        .isEqualTo("%2Fu%2FNmL78bEwbWCrXKtyloL0DktNIZ2Q7oKeLE4xd5wU%3D");
    String longSecret = "SEC" + "x".repeat(80) + "中文";
    assertThat(DingTalkRobotSign.sign("1700000000000", longSecret))
        .isEqualTo(ReferenceDingTalk.robotSign("1700000000000", longSecret));
  }

  @Test
  @DisplayName(
      "robot callbacks: fresh and signed passes; stale, future, forged or missing is refused")
  void robotVerify() {
    long now = 1_577_262_236_757L;
    String ts = Long.toString(now);
    DingTalkRobotSign.verify(
        ts, "/u/NmL78bEwbWCrXKtyloL0DktNIZ2Q7oKeLE4xd5wU=", "testAppSecret123", now + 3_599_000);
    assertThatThrownBy(
            () ->
                DingTalkRobotSign.verify(
                    ts,
                    "/u/NmL78bEwbWCrXKtyloL0DktNIZ2Q7oKeLE4xd5wU=",
                    "testAppSecret123",
                    now + 3_601_000))
        .extracting("code")
        .isEqualTo("stale_timestamp");
    assertThatThrownBy(
            () ->
                DingTalkRobotSign.verify(
                    ts,
                    "/u/NmL78bEwbWCrXKtyloL0DktNIZ2Q7oKeLE4xd5wU=",
                    "testAppSecret123",
                    now - 3_601_000))
        .extracting("code")
        .isEqualTo("stale_timestamp");
    assertThatThrownBy(
            () ->
                DingTalkRobotSign.verify(
                    ts, "/u/NmL78bEwbWCrXKtyloL0DktNIZ2Q7oKeLE4xd5wU=", "otherSecret", now))
        .extracting("code")
        .isEqualTo("bad_signature");
    String other = DingTalkRobotSign.sign(Long.toString(now + 1), "testAppSecret123");
    assertThatThrownBy(() -> DingTalkRobotSign.verify(ts, other, "testAppSecret123", now))
        .extracting("code")
        .isEqualTo("bad_signature");
    assertThatThrownBy(() -> DingTalkRobotSign.verify(null, "x", "s", now))
        .isInstanceOf(CallbackRejected.class);
    assertThatThrownBy(() -> DingTalkRobotSign.verify("abc", "x", "s", now))
        .isInstanceOf(CallbackRejected.class);
  }

  @Test
  @DisplayName("the official FAQ vector opens to 'success'")
  void faqVector() {
    DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto(FAQ_TOKEN, FAQ_KEY, FAQ_OWNER);
    assertThat(
            crypto.open(
                "9a95a004dd16f5c307e849b994173f76aa26e5eb",
                "1614767836",
                "A7Co0cJLMzIDtMMI",
                "YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA=="))
        .isEqualTo("success");
  }

  @Test
  @DisplayName("the old ISV vector opens to the check_create_suite_url event; the reference agrees")
  void isvVector() throws Exception {
    DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("123456", ISV_KEY, ISV_OWNER);
    String plain =
        crypto.open(
            "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0", "1445827045067", "nEXhMP4r", ISV_ENCRYPT);
    assertThat(plain)
        .isEqualTo(
            "{\"EventType\":\"check_create_suite_url\",\"Random\":\"LPIdSnlF\",\"TestSuiteKey\":\"suite4xxxxxxxxxxxxxxx\"}");
    assertThat(ReferenceDingTalk.decrypt(ISV_KEY, ISV_ENCRYPT)).containsExactly(plain, ISV_OWNER);
  }

  @Test
  @DisplayName(
      "deterministic encryption of 'success' and its signature match §0.4 and the reference")
  void deterministicVector() throws Exception {
    DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("123456", ISV_KEY, ISV_OWNER);
    String expected =
        "t5BhzMl4vwWDGqbT+PBJEQ864I8Yet7AmifbxRHIUY3Gokshny9LC+jKYwKsveoFbilBD5qI8U0brkEo6DMkTw==";
    assertThat(crypto.encrypt("aaaabbbbccccdddd", "success"))
        .isEqualTo(expected)
        .isEqualTo(ReferenceDingTalk.encrypt(ISV_KEY, "aaaabbbbccccdddd", "success", ISV_OWNER));
    assertThat(crypto.signature("1445827045067", "nEXhMP4r", expected))
        .isEqualTo("90635e9e91cc70124bb39fb15d24787a09afb3f9")
        .isEqualTo(ReferenceDingTalk.signature("123456", "1445827045067", "nEXhMP4r", expected));
  }

  @Test
  @DisplayName("Chinese text round-trips, the reference reads ours and we read the reference's")
  void roundTrip() throws Exception {
    DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("tok", FAQ_KEY, FAQ_OWNER);
    String msg =
        "{\"EventType\":\"user_add_org\",\"UserId\":[\"张三\"],\"pad\":\"" + "x".repeat(12) + "\"}";
    String ours = crypto.encrypt(msg);
    assertThat(ReferenceDingTalk.decrypt(FAQ_KEY, ours)).containsExactly(msg, FAQ_OWNER);
    String theirs = ReferenceDingTalk.encrypt(FAQ_KEY, "0123456789abcdef", msg, FAQ_OWNER);
    assertThat(crypto.open(ReferenceDingTalk.signature("tok", "1", "n", theirs), "1", "n", theirs))
        .isEqualTo(msg);
  }

  @Test
  @DisplayName("the success reply is signed over its own ciphertext and decrypts to 'success'")
  void successReply() throws Exception {
    DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("tok", FAQ_KEY, FAQ_OWNER);
    JsonObject reply = crypto.success("1700000000000", "nonce1");
    assertThat(reply.getString("msg_signature"))
        .isEqualTo(
            ReferenceDingTalk.signature(
                "tok", "1700000000000", "nonce1", reply.getString("encrypt")));
    assertThat(ReferenceDingTalk.decrypt(FAQ_KEY, reply.getString("encrypt")))
        .containsExactly("success", FAQ_OWNER);
  }

  @Test
  @DisplayName("a wrong signature, a flipped ciphertext byte and another owner key are all refused")
  void tamperingIsRefused() throws Exception {
    DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("tok", FAQ_KEY, FAQ_OWNER);
    String enc = crypto.encrypt("{\"EventType\":\"check_url\"}");
    assertThatThrownBy(() -> crypto.open("0".repeat(40), "1", "n", enc))
        .extracting("code")
        .isEqualTo("bad_signature");

    // a flipped byte garbles the whole last block: usually the padding breaks, now and then (p ~
    // 1/256) the
    // padding happens to look valid and the owner-key check refuses it instead — refused either way
    for (String prefix :
        new String[] {"aaaabbbbccccdddd", "0123456789abcdef", "zyxwvutsrqponmlk"}) {
      byte[] raw =
          Base64.getDecoder().decode(crypto.encrypt(prefix, "{\"EventType\":\"check_url\"}"));
      raw[raw.length - 1] ^= 0x01;
      String flipped = Base64.getEncoder().encodeToString(raw);
      assertThatThrownBy(() -> crypto.open(crypto.signature("1", "n", flipped), "1", "n", flipped))
          .isInstanceOf(CallbackRejected.class)
          .extracting("code")
          .isIn("undecryptable", "wrong_receiver");
    }

    String foreign = ReferenceDingTalk.encrypt(FAQ_KEY, "0123456789abcdef", "{}", "dingOTHERcorp");
    assertThatThrownBy(() -> crypto.open(crypto.signature("1", "n", foreign), "1", "n", foreign))
        .extracting("code")
        .isEqualTo("wrong_receiver");
    assertThatThrownBy(
            () -> crypto.open(crypto.signature("1", "n", "!!notbase64"), "1", "n", "!!notbase64"))
        .extracting("code")
        .isEqualTo("undecryptable");
    assertThatThrownBy(() -> crypto.open(null, "1", "n", enc))
        .extracting("code")
        .isEqualTo("missing_parameter");
  }

  @Test
  void malformedAesKeyIsAConfigurationError() {
    assertThatThrownBy(() -> new DingTalkCallbackCrypto("t", "short", "o"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
