package com.chatcrm.engine.access;

import java.util.Objects;

/**
 * Where a change came from, for the audit log: a chat message (its platform message id), a mini-app
 * request, an import, or the system itself (schedulers, directory sync).
 */
public record Source(String kind, String ref) {

  public Source {
    Objects.requireNonNull(kind, "kind");
  }

  public static Source chat(String messageId) {
    return new Source("chat", messageId);
  }

  public static Source miniApp(String requestId) {
    return new Source("mini_app", requestId);
  }

  public static Source api(String requestId) {
    return new Source("api", requestId);
  }

  public static Source importJob(String jobId) {
    return new Source("import", jobId);
  }

  public static Source system(String what) {
    return new Source("system", what);
  }

  /**
   * The follow-up source column accepts chat, mini_app, import and api; the system counts as api.
   */
  public String followUpSource() {
    return switch (kind) {
      case "chat", "mini_app", "import" -> kind;
      default -> "api";
    };
  }
}
