package com.chatcrm.sandbox;

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
    List<SandboxCorp.Department> departments,
    List<SandboxCorp.Member> members) {}
