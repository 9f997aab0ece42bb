package com.chatcrm.engine.org;

import java.util.List;

/** A member of a tenant's org directory as the platform describes them. */
public record OrgUser(
    String platformUserId,
    String name,
    String mobile,
    String email,
    String role,
    List<String> platformDeptIds) {

  public static OrgUser rep(String platformUserId, String name, String... platformDeptIds) {
    return new OrgUser(platformUserId, name, null, null, "rep", List.of(platformDeptIds));
  }

  public static OrgUser admin(String platformUserId, String name, String... platformDeptIds) {
    return new OrgUser(platformUserId, name, null, null, "admin", List.of(platformDeptIds));
  }
}
