package com.chatcrm.demo;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes rows of one {@code COPY ... FROM STDIN} (text format) straight as UTF-8 bytes into a
 * buffer that is flushed to the server every megabyte. Values are appended field by field; the
 * vocabulary is pre-encoded, so the hot path builds no strings. Text handed to {@link
 * #text(String)} must not contain tabs, newlines or backslashes (the generator's words never do),
 * which is checked.
 */
final class DemoCopyWriter implements AutoCloseable {

  private static final int FLUSH_AT = 1 << 20;
  private static final byte[] NULL = {'\\', 'N'};

  private final CopyIn copy;
  private byte[] buf = new byte[FLUSH_AT + 64 * 1024];
  private int len;
  private boolean fieldStarted;
  private long rows;
  private long cachedDay = Long.MIN_VALUE;
  private final byte[] dayBytes = new byte[10];

  DemoCopyWriter(CopyManager copyManager, String table, String columns) throws SQLException {
    this.copy = copyManager.copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
  }

  /**
   * Pre-encodes text for {@link #bytes(byte[])}; refuses what the text format would have to escape.
   */
  static byte[] encode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || c == '\\') {
        throw new IllegalArgumentException("demo text must not need COPY escaping: " + text);
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------ fields

  DemoCopyWriter field() {
    if (fieldStarted) {
      put((byte) '\t');
    }
    fieldStarted = true;
    return this;
  }

  DemoCopyWriter nul() {
    field();
    append(NULL);
    return this;
  }

  DemoCopyWriter bytes(byte[] encoded) {
    field();
    append(encoded);
    return this;
  }

  DemoCopyWriter text(String s) {
    return s == null ? nul() : bytes(encode(s));
  }

  DemoCopyWriter num(long n) {
    field();
    appendLong(n);
    return this;
  }

  DemoCopyWriter bool(boolean b) {
    field();
    put(b ? (byte) 't' : (byte) 'f');
    return this;
  }

  /** A numeric(,2) from cents. */
  DemoCopyWriter cents(long cents) {
    field();
    appendLong(cents / 100);
    put((byte) '.');
    long c = cents % 100;
    put((byte) ('0' + c / 10));
    put((byte) ('0' + c % 10));
    return this;
  }

  /** A timestamptz from epoch seconds, written in UTC ({@code 2025-03-10 08:30:00+00}). */
  DemoCopyWriter timestamp(long epochSecond) {
    field();
    appendDate(Math.floorDiv(epochSecond, 86_400));
    int sod = (int) Math.floorMod(epochSecond, 86_400);
    put((byte) ' ');
    two(sod / 3600);
    put((byte) ':');
    two(sod / 60 % 60);
    put((byte) ':');
    two(sod % 60);
    put((byte) '+');
    put((byte) '0');
    put((byte) '0');
    return this;
  }

  /** A timestamptz, or NULL when {@code epochSecond} is {@link Long#MIN_VALUE}. */
  DemoCopyWriter timestampOrNull(long epochSecond) {
    return epochSecond == Long.MIN_VALUE ? nul() : timestamp(epochSecond);
  }

  DemoCopyWriter date(long epochDay) {
    field();
    appendDate(epochDay);
    return this;
  }

  /**
   * Starts an array field; add elements with {@link #element(byte[])}, close with {@link
   * #endArray()}.
   */
  DemoCopyWriter array() {
    field();
    put((byte) '{');
    return this;
  }

  /** An array element that needs no quoting (no spaces, commas, braces, quotes). */
  DemoCopyWriter element(byte[] encoded) {
    if (buf[len - 1] != '{') {
      put((byte) ',');
    }
    append(encoded);
    return this;
  }

  /**
   * An array element of one or two BMP characters ({@code b == 0}: one), encoded without a String.
   */
  DemoCopyWriter elementChars(char a, char b) {
    if (buf[len - 1] != '{') {
      put((byte) ',');
    }
    utf8(a);
    if (b != 0) {
      utf8(b);
    }
    return this;
  }

  private void utf8(char c) {
    if (c < 0x80) {
      put((byte) c);
    } else if (c < 0x800) {
      put((byte) (0xC0 | c >> 6));
      put((byte) (0x80 | c & 0x3F));
    } else if (Character.isSurrogate(c)) {
      throw new IllegalArgumentException("demo words are in the BMP");
    } else {
      put((byte) (0xE0 | c >> 12));
      put((byte) (0x80 | c >> 6 & 0x3F));
      put((byte) (0x80 | c & 0x3F));
    }
  }

  /** An array element in double quotes, e.g. a phone number with spaces. */
  DemoCopyWriter quotedElement(byte[] encoded) {
    if (buf[len - 1] != '{') {
      put((byte) ',');
    }
    put((byte) '"');
    append(encoded);
    put((byte) '"');
    return this;
  }

  DemoCopyWriter endArray() {
    put((byte) '}');
    return this;
  }

  /** Appends raw bytes to the current field (for values built from pieces). */
  DemoCopyWriter more(byte[] encoded) {
    append(encoded);
    return this;
  }

  DemoCopyWriter moreNum(long n) {
    appendLong(n);
    return this;
  }

  DemoCopyWriter moreChar(char ascii) {
    put((byte) ascii);
    return this;
  }

  void endRow() throws SQLException {
    put((byte) '\n');
    fieldStarted = false;
    rows++;
    if (len >= FLUSH_AT) {
      flush();
    }
  }

  long rows() {
    return rows;
  }

  /** Sends what is buffered and ends the COPY; returns the rows the server took. */
  long finish() throws SQLException {
    flush();
    return copy.endCopy();
  }

  @Override
  public void close() throws SQLException {
    if (copy.isActive()) {
      copy.cancelCopy();
    }
  }

  // ------------------------------------------------------------------------------------ bytes

  private void flush() throws SQLException {
    if (len > 0) {
      copy.writeToCopy(buf, 0, len);
      len = 0;
    }
  }

  private void put(byte b) {
    if (len == buf.length) {
      grow(1);
    }
    buf[len++] = b;
  }

  private void append(byte[] b) {
    if (len + b.length > buf.length) {
      grow(b.length);
    }
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void grow(int atLeast) {
    byte[] bigger = new byte[Math.max(buf.length * 2, len + atLeast)];
    System.arraycopy(buf, 0, bigger, 0, len);
    buf = bigger;
  }

  private void two(int n) {
    put((byte) ('0' + n / 10));
    put((byte) ('0' + n % 10));
  }

  private void appendLong(long n) {
    if (n < 0) {
      put((byte) '-');
      n = -n;
    }
    if (n < 10) {
      put((byte) ('0' + n));
      return;
    }
    if (len + 20 > buf.length) {
      grow(20);
    }
    int start = len;
    while (n > 0) {
      buf[len++] = (byte) ('0' + n % 10);
      n /= 10;
    }
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  private void appendDate(long epochDay) {
    if (epochDay != cachedDay) {
      LocalDate d = LocalDate.ofEpochDay(epochDay);
      int y = d.getYear();
      dayBytes[0] = (byte) ('0' + y / 1000);
      dayBytes[1] = (byte) ('0' + y / 100 % 10);
      dayBytes[2] = (byte) ('0' + y / 10 % 10);
      dayBytes[3] = (byte) ('0' + y % 10);
      dayBytes[4] = '-';
      dayBytes[5] = (byte) ('0' + d.getMonthValue() / 10);
      dayBytes[6] = (byte) ('0' + d.getMonthValue() % 10);
      dayBytes[7] = '-';
      dayBytes[8] = (byte) ('0' + d.getDayOfMonth() / 10);
      dayBytes[9] = (byte) ('0' + d.getDayOfMonth() % 10);
      cachedDay = epochDay;
    }
    append(dayBytes);
  }
}
