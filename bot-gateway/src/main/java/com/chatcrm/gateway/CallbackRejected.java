package com.chatcrm.gateway;

/**
 * A callback that is not genuinely from the platform, or not for this tenant: bad signature, stale
 * timestamp, undecryptable or malformed body, another company's receiver id. Nothing is written for
 * it.
 */
public final class CallbackRejected extends RuntimeException {

  private final String code;

  public CallbackRejected(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** Stable code for logs and the 4xx body, e.g. {@code bad_signature}. */
  public String code() {
    return code;
  }
}
