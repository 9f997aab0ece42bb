package com.chatcrm.engine.secret;

/**
 * A sealed secret that this node cannot open: its master key is not configured here, or the value
 * was changed. The message names where the value lives and the key id, never the value.
 */
public final class SecretUnreadable extends RuntimeException {

  public SecretUnreadable(String message) {
    super(message, null, false, false);
  }
}
