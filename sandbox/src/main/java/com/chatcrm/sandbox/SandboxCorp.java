package com.chatcrm.sandbox;

import com.chatcrm.gateway.wecom.WeComApp;
import java.util.List;

/**
 * A WeCom company the sandbox knows, with the fixed test credentials of its app. These secrets are
 * the sandbox's own and open nothing real.
 */
public record SandboxCorp(
    String corpId,
    String name,
    int agentId,
    String secret,
    String callbackToken,
    String encodingAesKey,
    List<Department> departments,
    List<Member> members)
    implements SandboxCompany {

  @Override
  public String platform() {
    return "wecom";
  }

  /** Its app, as the gateway keeps it in the company's channel settings. */
  public WeComApp app() {
    return new WeComApp(corpId, agentId, secret, callbackToken, encodingAesKey);
  }
}
