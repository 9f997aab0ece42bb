package com.chatcrm.miniapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The JS-SDK signature of WeCom ({@code wx.config}/{@code ww.register}) and DingTalk ({@code
 * dd.config}): SHA-1 hex of {@code jsapi_ticket=T&noncestr=N&timestamp=TS&url=U}, raw values, the
 * URL without its fragment.
 */
public final class JsSdkSignature {

  private JsSdkSignature() {}

  public static String sign(String ticket, String nonce, long timestamp, String url) {
    int hash = url.indexOf('#');
    String page = hash < 0 ? url : url.substring(0, hash);
    String plain =
        "jsapi_ticket="
            + ticket
            + "&noncestr="
            + nonce
            + "&timestamp="
            + timestamp
            + "&url="
            + page;
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }
}
