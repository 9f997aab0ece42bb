package com.chatcrm.bench.reliability;

/** A member of a sandbox company the probe logs in as. */
record ProbeUser(
    long tenantId,
    long userId,
    String platformUserId,
    String name,
    boolean admin,
    String platform,
    String corpId) {

  /** How the report names the user: 李四 (rep, wecom). */
  String label(PermissionOracle oracle) {
    return name + " (" + role(oracle) + ", " + platform + ")";
  }

  String role(PermissionOracle oracle) {
    return admin ? "admin" : oracle.leads(this) ? "leader" : "rep";
  }
}
