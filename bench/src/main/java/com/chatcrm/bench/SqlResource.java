package com.chatcrm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A baseline statement kept as a file in the bench's resources, where it can be read and run in
 * psql as is.
 */
final class SqlResource {

  private SqlResource() {}

  static String load(String name) {
    try (InputStream in = SqlResource.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the bench's resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
