package com.chatcrm.config;

/**
 * A setting that is missing, malformed or impossible; its message is one line that names the
 * setting.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The dotted name of the offending setting, e.g. {@code http.port}. */
  public String key() {
    return key;
  }
}
