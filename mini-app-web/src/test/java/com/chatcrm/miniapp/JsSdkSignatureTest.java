package com.chatcrm.miniapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The published JS-SDK signature vectors (docs/platforms.md §0.3). */
class JsSdkSignatureTest {

  @Test
  @DisplayName("WeCom's example: the page URL with its query string")
  void wecomVector() {
    assertThat(
            JsSdkSignature.sign(
                "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
                "Wm3WZYTPz0wzccnW",
                1414587457L,
                "http://mp.weixin.qq.com?params=value"))
        .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
  }

  @Test
  @DisplayName("the fragment is not signed")
  void fragmentIgnored() {
    assertThat(
            JsSdkSignature.sign(
                "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
                "Wm3WZYTPz0wzccnW",
                1414587457L,
                "http://mp.weixin.qq.com#wechat_redirect"))
        .isEqualTo("f4d90daf4b3bca3078ab155816175ba34c443a7b");
  }

  @Test
  @DisplayName("DingTalk's example (dd.config): same algorithm; a #fragment is not signed")
  void dingtalkVector() {
    String ticket =
        "gUsHOoPPzLVZKVkClnESg88m7qMV4c0Ys9VGsMigqzZU7gA8PeoNzHODmYPZ85TYuoZryXuqEUFlXLN1OPEixm";
    String url = "http://test4.weixin.wtoip.com:80/wtoip/dingding/dzmp";
    assertThat(JsSdkSignature.sign(ticket, "abcde12345", 1463125744L, url))
        .isEqualTo("d14dfc1d0d98cad2438e664723e8a9d8633b443f")
        .isEqualTo(JsSdkSignature.sign(ticket, "abcde12345", 1463125744L, url + "#/customers"));
  }
}
