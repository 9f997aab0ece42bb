package com.chatcrm.engine.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Migrations on main never change: a database that applied one refuses to start when its file
 * differs (Flyway's checksum), so an edit would break every upgrade. The manifest lists each
 * migration with its SHA-256; a new migration adds a line, an edited one fails here.
 */
class MigrationsAreImmutableTest {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Path MANIFEST = Path.of("src/test/resources/db/migration-checksums.txt");

  @Test
  @DisplayName("no migration on main was edited or removed, and every migration is in the manifest")
  void migrationsMatchTheManifest() throws IOException {
    Map<String, String> recorded = new TreeMap<>();
    for (String line : Files.readAllLines(MANIFEST)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] parts = line.strip().split("\\s+");
        recorded.put(parts[0], parts[1]);
      }
    }
    Map<String, String> present = new TreeMap<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        // line endings as checked out do not count (Flyway's checksum ignores them too)
        String text = Files.readString(file).replace("\r\n", "\n");
        present.put(file.getFileName().toString(), sha256(text.getBytes(StandardCharsets.UTF_8)));
      }
    }
    recorded.forEach(
        (name, sum) ->
            assertThat(present.get(name))
                .as(
                    "%s is on main and may not change or go: write a new migration instead"
                        + " (this file's SHA-256 must stay %s)",
                    name, sum)
                .isEqualTo(sum));
    assertThat(present.keySet())
        .as("a new migration is added to %s with its SHA-256 in the same commit", MANIFEST)
        .isSubsetOf(recorded.keySet());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
