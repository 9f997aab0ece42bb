package com.chatcrm.bench.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * docs/reliability.md: rewrites what stands between a block's markers ({@code <!--
 * reliability:NAME:begin -->} and {@code :end -->}) and leaves the rest of the page as it was
 * written.
 */
final class ReliabilityDoc {

  private ReliabilityDoc() {}

  static void rewrite(Path doc, Map<String, String> blocks) throws IOException {
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      text = replace(text, b.getKey(), b.getValue());
    }
    Files.writeString(doc, text, StandardCharsets.UTF_8);
  }

  static String replace(String text, String block, String content) {
    String begin = "<!-- reliability:" + block + ":begin -->";
    String end = "<!-- reliability:" + block + ":end -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(
          "docs/reliability.md has no " + begin + " … " + end + " block");
    }
    return text.substring(0, from + begin.length())
        + "\n"
        + content.strip()
        + "\n"
        + text.substring(to);
  }

  /** A markdown table row; pipes and line breaks in cells would break the table. */
  static String row(Object... cells) {
    StringBuilder sb = new StringBuilder("|");
    for (Object c : cells) {
      sb.append(' ').append(String.valueOf(c).replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    return sb.append('\n').toString();
  }

  /** Inline code, safe for any bytes the probe sent. */
  static String code(String s) {
    String clean = s.replace("`", "'").replace("|", "\\|").replaceAll("\\p{Cntrl}", "?");
    return "`" + clean + "`";
  }

  static String met(boolean met) {
    return met ? "met" : "**MISSED**";
  }

  static String mb(long bytes) {
    return bytes < 0
        ? "unknown"
        : String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1048576.0);
  }
}
