package com.chatcrm.engine.db;

/** The database cannot be reached or used; the message is one line fit for an operator. */
public final class DatabaseUnavailable extends RuntimeException {

  public DatabaseUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
