package com.chatcrm.gateway;

/**
 * Request-derived text made safe for one log line: control characters (CR and LF would forge a
 * line), DEL, C1 and the Unicode line separators are written as escapes, and the text is cut to a
 * bounded length. Done where the value is logged rather than with a logback {@code %replace} in the
 * pattern, because a deployer's own logging configuration would silently lose that, and because it
 * keeps Chinese text readable (a general Java-string escaper turns every non-ASCII character into
 * {@code \\uXXXX}).
 */
public final class LogSafe {

  /** Longer values are cut: a log line is no place for a whole message body. */
  static final int MAX_CHARS = 200;

  private LogSafe() {}

  public static String text(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
    for (int i = 0; i < s.length() && i < MAX_CHARS; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (s.length() > MAX_CHARS) {
      out.append("…(").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
