package com.chatcrm.bench.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Payload bytes for hostile callbacks: UTF-8, with raw (invalid) bytes spliced in or escaped. */
final class RawBytes {

  /** Where raw invalid bytes go: a placeholder that JSON and XML encoding leave as it is. */
  static final String BAD = "@@BAD@@";

  private RawBytes() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every byte percent-encoded, as it is: no UTF-8 check on the way. */
  static String rawEncoded(byte[] raw) {
    StringBuilder sb = new StringBuilder();
    for (byte b : raw) {
      sb.append(String.format("%%%02X", b & 0xff));
    }
    return sb.toString();
  }

  /** {@code s} as UTF-8 with {@code marker} replaced by raw bytes. */
  static byte[] splice(String s, String marker, byte[] raw) {
    int at = s.indexOf(marker);
    byte[] head = utf8(s.substring(0, at));
    byte[] tail = utf8(s.substring(at + marker.length()));
    byte[] out = Arrays.copyOf(head, head.length + raw.length + tail.length);
    System.arraycopy(raw, 0, out, head.length, raw.length);
    System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
    return out;
  }
}
