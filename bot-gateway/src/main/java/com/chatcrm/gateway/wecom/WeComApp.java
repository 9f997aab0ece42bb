package com.chatcrm.gateway.wecom;

/**
 * One company's self-built WeCom app: what our service needs to call WeCom and to open its
 * callbacks. Secrets come from the tenant's configuration, never from source code.
 */
public record WeComApp(
    String corpId, int agentId, String secret, String callbackToken, String encodingAesKey) {

  @Override
  public String toString() {
    return "WeComApp[corpId=" + corpId + ", agentId=" + agentId + ", secret=***]";
  }
}
