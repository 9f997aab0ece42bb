package com.chatcrm.bench.reliability;

import io.vertx.core.json.JsonObject;

/**
 * One generated request: who sends it, which operation on which id (0 for lists), the path with its
 * query and the body, and what kind of id was drawn (own, colleague's, other tenant's, missing,
 * ...).
 */
record ProbeRequest(
    ProbeUser user, ProbeOp op, long targetId, String path, JsonObject body, String drawn) {

  /** The same request about another id: the baseline for a surely-missing one. */
  ProbeRequest about(long otherId) {
    return new ProbeRequest(
        user, op, otherId, op.path.replace("{id}", Long.toString(otherId)), body, "missing");
  }

  String describe() {
    return op.method + " " + path + (body == null ? "" : " " + body.encode());
  }
}
