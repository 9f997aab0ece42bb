package com.chatcrm.gateway.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.gateway.CallbackRejected;
import com.chatcrm.gateway.xml.SafeXml;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The official WeCom sample vectors (platforms.md §0.1) and an independent implementation agree
 * with ours.
 */
class WeComCallbackCryptoTest {

  static final String TOKEN = "QDG6eK";
  static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  static final String CORP = "wx5823bf96d3bd56c7";
  static final String ENCRYPTED_HELLO =
      "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
  static final String BODY =
      "<xml><ToUserName><![CDATA["
          + CORP
          + "]]></ToUserName><Encrypt><![CDATA["
          + ENCRYPTED_HELLO
          + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";

  final WeComCallbackCrypto crypto = new WeComCallbackCrypto(TOKEN, AES_KEY, CORP);
  final ReferenceWeComCipher reference = new ReferenceWeComCipher(AES_KEY);

  @Test
  void urlVerificationVector() {
    String plain =
        crypto.verifyUrl(
            "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
            "1409659589",
            "263014780",
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==");
    assertThat(plain).isEqualTo("1616140317555161061");
  }

  @Test
  @DisplayName(
      "the official message vector decrypts to 'hello' from mycreate, padding byte 30 and all")
  void messageVector() throws Exception {
    String plain =
        crypto.open("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", BODY);
    Map<String, String> fields = SafeXml.fields(plain);
    assertThat(fields)
        .containsEntry("Content", "hello")
        .containsEntry("FromUserName", "mycreate")
        .containsEntry("MsgId", "4561255354251345929")
        .containsEntry("AgentID", "218");
    String[] independent = reference.decrypt(ENCRYPTED_HELLO);
    assertThat(independent[0]).isEqualTo(plain);
    assertThat(independent[1]).isEqualTo(CORP);
  }

  @Test
  void deterministicEncryptionVectorAndSignature() throws Exception {
    String msg = "<xml><Content><![CDATA[hi]]></Content></xml>";
    String expected =
        "ZA4HuQypHxnRrA+A6SOHGBQgeo6VrJhLQrF8RFDBCETbeszVmDzxZEx4tiR7/QVxe/geKCZA/lC8/PrMAQHDQMoLPvCITRLlThRndusiGOZVR4JS5iXSg3OEufe6zsSb";
    assertThat(crypto.encrypt("aaaabbbbccccdddd", msg)).isEqualTo(expected);
    assertThat(reference.encrypt("aaaabbbbccccdddd", msg, CORP)).isEqualTo(expected);
    assertThat(crypto.signature("1409659813", "1372623149", expected))
        .isEqualTo("f98b735c92ef127485a40e851fce51daf9d3d623");
    assertThat(ReferenceWeComCipher.signature(TOKEN, "1409659813", "1372623149", expected))
        .isEqualTo("f98b735c92ef127485a40e851fce51daf9d3d623");
  }

  @Test
  void chineseTextRoundTripsAndTheReferenceReadsOurs() throws Exception {
    String msg =
        "<xml><ToUserName><![CDATA["
            + CORP
            + "]]></ToUserName><Content><![CDATA[新建客户 华为技术 电话13800138000]]></Content></xml>";
    String encrypted = crypto.encrypt(msg);
    assertThat(reference.decrypt(encrypted)).containsExactly(msg, CORP);
    String body =
        "<xml><ToUserName><![CDATA["
            + CORP
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypted
            + "]]></Encrypt></xml>";
    assertThat(crypto.open(crypto.signature("1", "n", encrypted), "1", "n", body)).isEqualTo(msg);
  }

  @Test
  void sealedReplyIsSignedAndDecryptable() throws Exception {
    String reply = "<xml><Content><![CDATA[已记录]]></Content></xml>";
    Map<String, String> envelope = SafeXml.fields(crypto.seal(reply, "1700000000", "abc"));
    assertThat(envelope.get("MsgSignature"))
        .isEqualTo(
            ReferenceWeComCipher.signature(TOKEN, "1700000000", "abc", envelope.get("Encrypt")));
    assertThat(reference.decrypt(envelope.get("Encrypt"))[0]).isEqualTo(reply);
  }

  @Test
  void badSignatureIsRefused() {
    assertThatThrownBy(
            () ->
                crypto.open(
                    "0000000000000000000000000000000000000000", "1409659813", "1372623149", BODY))
        .isInstanceOf(CallbackRejected.class)
        .extracting("code")
        .isEqualTo("bad_signature");
  }

  @Test
  @DisplayName(
      "a flipped ciphertext byte, re-signed by someone who knows only the token, does not decrypt to a message")
  void flippedCiphertextByteIsRefused() throws Exception {
    byte[] raw = Base64.getDecoder().decode(ENCRYPTED_HELLO);
    raw[raw.length - 20] ^= 0x01;
    String tampered = Base64.getEncoder().encodeToString(raw);
    String body = BODY.replace(ENCRYPTED_HELLO, tampered);
    assertThatThrownBy(
            () ->
                crypto.open(
                    crypto.signature("1409659813", "1372623149", tampered),
                    "1409659813",
                    "1372623149",
                    body))
        .isInstanceOf(CallbackRejected.class);
    assertThatThrownBy(
            () ->
                crypto.open(
                    "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", body))
        .isInstanceOf(CallbackRejected.class)
        .extracting("code")
        .isEqualTo("bad_signature");
  }

  @Test
  void aMessageForAnotherCompanyIsRefused() throws Exception {
    String msg =
        "<xml><ToUserName><![CDATA[ww-other-corp]]></ToUserName><Content><![CDATA[hi]]></Content></xml>";
    String encrypted = reference.encrypt("aaaabbbbccccdddd", msg, "ww-other-corp");
    String body =
        "<xml><ToUserName><![CDATA["
            + CORP
            + "]]></ToUserName><Encrypt><![CDATA["
            + encrypted
            + "]]></Encrypt></xml>";
    assertThatThrownBy(() -> crypto.open(crypto.signature("1", "n", encrypted), "1", "n", body))
        .isInstanceOf(CallbackRejected.class)
        .extracting("code")
        .isEqualTo("wrong_receiver");
  }

  @Test
  void xmlWithAnExternalEntityIsRefusedBeforeAnythingIsRead() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<xml><ToUserName>&x;</ToUserName><Encrypt><![CDATA["
            + ENCRYPTED_HELLO
            + "]]></Encrypt></xml>";
    assertThatThrownBy(
            () ->
                crypto.open(
                    "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", xxe))
        .isInstanceOf(CallbackRejected.class)
        .extracting("code")
        .isEqualTo("malformed_body");
  }

  @Test
  void malformedAesKeyIsAConfigurationError() {
    assertThatThrownBy(() -> new WeComCallbackCrypto(TOKEN, "short", CORP))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
