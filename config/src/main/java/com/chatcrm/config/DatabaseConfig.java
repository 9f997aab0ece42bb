package com.chatcrm.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The PostgreSQL the service uses: {@code url} when set, else an embedded server whose data lives
 * in {@code embeddedDataDir} so that a restart keeps every record.
 */
public record DatabaseConfig(
    Optional<String> url, int poolSize, Path embeddedDataDir, int embeddedPort) {

  public boolean embedded() {
    return url.isEmpty();
  }
}
