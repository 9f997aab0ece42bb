package com.chatcrm.sandbox;

import java.util.List;

/**
 * A company the sandbox knows, with the fixed test credentials of its app. These secrets are the
 * sandbox's own and open nothing real.
 */
public record SandboxCorp(
    String corpId,
    String name,
    int agentId,
    String secret,
    String callbackToken,
    String encodingAesKey,
    List<Department> departments,
    List<Member> members) {

  /** A department in the sandbox directory. */
  public record Department(long id, long parentId, String name) {}

  /** A member in the sandbox directory. */
  public record Member(
      String userId, String name, String mobile, List<Long> departments, boolean leader) {}
}
