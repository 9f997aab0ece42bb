package com.chatcrm.bench.reliability;

/** The mini-app API operations the probe sends, by what they touch. */
enum ProbeOp {
  GET_CUSTOMER(Group.READ, "GET", "/api/customers/{id}", RowFingerprints.Kind.CUSTOMER),
  CONTACTS(Group.READ, "GET", "/api/customers/{id}/contacts", RowFingerprints.Kind.CUSTOMER),
  OPPORTUNITIES(
      Group.READ, "GET", "/api/customers/{id}/opportunities", RowFingerprints.Kind.CUSTOMER),
  FOLLOW_UPS(Group.READ, "GET", "/api/customers/{id}/follow-ups", RowFingerprints.Kind.CUSTOMER),
  AUDIT(Group.READ, "GET", "/api/customers/{id}/audit", RowFingerprints.Kind.CUSTOMER),

  EDIT(Group.WRITE, "PATCH", "/api/customers/{id}", RowFingerprints.Kind.CUSTOMER),
  ADD_CONTACT(Group.WRITE, "POST", "/api/customers/{id}/contacts", RowFingerprints.Kind.CUSTOMER),
  ADD_FOLLOW_UP(
      Group.WRITE, "POST", "/api/customers/{id}/follow-ups", RowFingerprints.Kind.CUSTOMER),
  SET_REMINDER(Group.WRITE, "POST", "/api/customers/{id}/reminders", RowFingerprints.Kind.CUSTOMER),
  CLAIM(Group.WRITE, "POST", "/api/customers/{id}/claim", RowFingerprints.Kind.CUSTOMER),
  TRANSFER(Group.WRITE, "POST", "/api/customers/{id}/transfer", RowFingerprints.Kind.CUSTOMER),
  DELETE(Group.WRITE, "DELETE", "/api/customers/{id}", RowFingerprints.Kind.CUSTOMER),
  RESTORE(Group.WRITE, "POST", "/api/customers/{id}/restore", RowFingerprints.Kind.CUSTOMER),
  MOVE_STAGE(
      Group.WRITE, "POST", "/api/opportunities/{id}/stage", RowFingerprints.Kind.OPPORTUNITY),
  REMINDER_DONE(Group.WRITE, "POST", "/api/reminders/{id}/done", RowFingerprints.Kind.REMINDER),
  REMINDER_SNOOZE(Group.WRITE, "POST", "/api/reminders/{id}/snooze", RowFingerprints.Kind.REMINDER),
  MENTION_DONE(Group.WRITE, "POST", "/api/mentions/{id}/done", RowFingerprints.Kind.MENTION),

  LIST_CUSTOMERS(Group.LIST, "GET", "/api/customers", null),
  SEARCH(Group.LIST, "GET", "/api/customers", null),
  POOL(Group.LIST, "GET", "/api/pool", null),
  BOARD(Group.LIST, "GET", "/api/opportunities/board", null),
  MY_REMINDERS(Group.LIST, "GET", "/api/reminders", null),
  MENTIONS(Group.LIST, "GET", "/api/mentions", null),
  ACTIVITY(Group.LIST, "GET", "/api/activity", null),
  PIPELINE(Group.LIST, "GET", "/api/pipeline", null),
  TEAM(Group.LIST, "GET", "/api/team", null);

  /** Reads of one record, writes, and answers about many records. */
  enum Group {
    READ,
    WRITE,
    LIST
  }

  final Group group;
  final String method;
  final String path;
  final RowFingerprints.Kind target;

  ProbeOp(Group group, String method, String path, RowFingerprints.Kind target) {
    this.group = group;
    this.method = method;
    this.path = path;
    this.target = target;
  }
}
