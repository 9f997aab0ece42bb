package com.chatcrm.sandbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One API call a sandbox received and answered, kept so tests and the sandbox page can show it. */
public record SandboxCall(
    long seq,
    String platform,
    String method,
    String path,
    JsonObject body,
    JsonObject answer,
    Instant at) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("seq", seq)
        .put("platform", platform)
        .put("method", method)
        .put("path", path)
        .put("body", body)
        .put("answer", answer)
        .put("at", at.toString());
  }
}
