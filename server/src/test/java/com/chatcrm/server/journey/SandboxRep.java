package com.chatcrm.server.journey;

/** A sales rep of each sandbox company, as the journeys chat as them. */
enum SandboxRep {
  WECOM("wecom", "wwhuaxin0001", "lisi"),
  DINGTALK("dingtalk", "dingsandbox0001", "staff02");

  final String platform;
  final String corpId;
  final String userId;

  SandboxRep(String platform, String corpId, String userId) {
    this.platform = platform;
    this.corpId = corpId;
    this.userId = userId;
  }
}
