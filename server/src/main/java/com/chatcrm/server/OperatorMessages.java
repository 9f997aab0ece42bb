package com.chatcrm.server;

import com.chatcrm.gateway.PlatformError;

/** What the operator's tools say when a platform refuses a company's app. */
final class OperatorMessages {

  private OperatorMessages() {}

  static String refused(PlatformError e) {
    String platform =
        switch (e.platform()) {
          case "wecom" -> "企业微信";
          case "dingtalk" -> "钉钉";
          default -> e.platform();
        };
    String check = "wecom".equals(e.platform()) ? "corpId 与应用 secret" : "AppKey 与 AppSecret";
    return platform + "拒绝了这组应用凭据（" + e.getMessage() + "）：请核对 " + check + "，什么都没有保存";
  }
}
