package com.chatcrm.gateway.dingtalk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The signature the mini-app passes to {@code dd.config}: SHA-1 hex of
 * {@code jsapi_ticket=T&noncestr=N&timestamp=TS&url=U} — fixed order, raw values, the page URL without
 * its {@code #fragment} (platforms.md §3.10, vector §0.3).
 */
public final class DingTalkJsApiSign {

  private DingTalkJsApiSign() {}

  public static String sign(String ticket, String nonce, String timestamp, String url) {
    int hash = url.indexOf('#');
    String page = hash < 0 ? url : url.substring(0, hash);
    String plain = "jsapi_ticket=" + ticket + "&noncestr=" + nonce + "&timestamp=" + timestamp + "&url=" + page;
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
