package com.chatcrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's CPU went, from its JFR recording ({@code BENCH_JFR=1}): each execution sample is
 * charged to the first frame, from the top of the stack, that belongs to a known library or to our
 * code, so the shares are "self time" per part and add up to 100%.
 */
final class JfrProfile {

  private record Part(String name, List<String> prefixes) {}

  private static final List<Part> PARTS =
      List.of(
          new Part(
              "PostgreSQL client (vertx-pg-client)",
              List.of("io.vertx.pgclient.", "io.vertx.sqlclient.")),
          new Part(
              "sockets and HTTP (Netty, Vert.x: callbacks, replies and the database connections)",
              List.of(
                  "io.vertx.core.http.",
                  "io.vertx.core.net.",
                  "io.vertx.ext.web.",
                  "io.netty.",
                  "sun.nio.",
                  "java.nio.")),
          new Part("JSON (Jackson)", List.of("com.fasterxml.")),
          new Part(
              "XML parsing", List.of("com.sun.org.apache.", "javax.xml.", "org.w3c.", "org.xml.")),
          new Part(
              "signatures and AES",
              List.of("javax.crypto.", "com.sun.crypto.", "sun.security.", "java.security.")),
          new Part("metrics (Micrometer)", List.of("io.micrometer.", "io.vertx.micrometer.")),
          new Part("regular expressions (command parsing)", List.of("java.util.regex.")),
          new Part(
              "our command language",
              List.of("com.chatcrm.language.", "com.chatcrm.gateway.command.")),
          new Part("our platform stand-ins (sandbox)", List.of("com.chatcrm.sandbox.")),
          new Part("our gateway", List.of("com.chatcrm.gateway.")),
          new Part("our engine", List.of("com.chatcrm.engine.")),
          new Part(
              "pinyin and caches",
              List.of("net.sourceforge.pinyin4j.", "com.github.promeg.", "com.github.benmanes.")),
          new Part("Vert.x core (futures, event loop)", List.of("io.vertx.")));

  private JfrProfile() {}

  /** "1,234 samples: PostgreSQL client 31% · HTTP 22% · …", or empty when there is no recording. */
  static Optional<String> summary(Path recording) {
    if (!Files.isRegularFile(recording)) {
      return Optional.empty();
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    int samples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!"jdk.ExecutionSample".equals(e.getEventType().getName())
            || e.getStackTrace() == null) {
          continue;
        }
        samples++;
        counts.merge(partOf(e.getStackTrace().getFrames()), 1, Integer::sum);
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (samples == 0) {
      return Optional.empty();
    }
    int n = samples;
    String parts =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .filter(p -> p.getValue() * 100 >= n)
            .map(
                p ->
                    String.format(
                        Locale.ROOT, "%s %d%%", p.getKey(), Math.round(p.getValue() * 100.0 / n)))
            .collect(Collectors.joining(" · "));
    return Optional.of(BenchFormat.count(samples) + " samples: " + parts);
  }

  private static String partOf(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      if (f.getMethod() == null || f.getMethod().getType() == null) {
        continue;
      }
      String type = f.getMethod().getType().getName();
      for (Part p : PARTS) {
        for (String prefix : p.prefixes()) {
          if (type.startsWith(prefix)) {
            return p.name();
          }
        }
      }
    }
    return "JDK and other";
  }
}
