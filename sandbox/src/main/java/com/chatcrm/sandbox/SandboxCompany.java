package com.chatcrm.sandbox;

import java.util.List;

/** A company the sandbox plays a platform for: its corp id, name and directory. */
public sealed interface SandboxCompany permits SandboxCorp, SandboxDingTalkCorp {

  /** "wecom" or "dingtalk", as tenants and channels name the platform. */
  String platform();

  String corpId();

  String name();

  List<Department> departments();

  /** Its members; the first is the company's admin. */
  List<Member> members();

  /** A department in the sandbox directory. */
  record Department(long id, long parentId, String name) {}

  /** A member in the sandbox directory. */
  record Member(
      String userId, String name, String mobile, List<Long> departments, boolean leader) {}
}
