package com.chatcrm.sandbox;

import com.chatcrm.gateway.dingtalk.DingTalkApp;
import java.util.List;

/**
 * A DingTalk company the sandbox knows, with the fixed test credentials of its internal app and
 * robot. These secrets are the sandbox's own and open nothing real.
 */
public record SandboxDingTalkCorp(
    String corpId,
    String name,
    String appKey,
    String appSecret,
    String robotCode,
    long agentId,
    String eventToken,
    String eventAesKey,
    String miniAppUrl,
    List<Department> departments,
    List<Member> members)
    implements SandboxCompany {

  @Override
  public String platform() {
    return "dingtalk";
  }

  /**
   * Its app with the mini-app at {@code miniAppUrl} (null: the corp's own), as the gateway keeps
   * it.
   */
  public DingTalkApp app(String miniAppUrl) {
    return new DingTalkApp(
        corpId,
        appKey,
        appSecret,
        robotCode,
        agentId,
        eventToken,
        eventAesKey,
        null,
        miniAppUrl == null ? this.miniAppUrl : miniAppUrl);
  }
}
