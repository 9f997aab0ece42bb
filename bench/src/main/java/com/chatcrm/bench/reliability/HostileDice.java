package com.chatcrm.bench.reliability;

import java.util.Base64;
import java.util.Random;

/**
 * The hostile-callback generator's seeded choices. Every builder draws from this one {@link
 * Random}, so the same seed gives the same sequence of draws.
 */
final class HostileDice {

  static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final Random random;

  HostileDice(long seed) {
    this.random = new Random(seed);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean nextBoolean() {
    return random.nextBoolean();
  }

  long nextLong() {
    return random.nextLong();
  }

  @SafeVarargs
  final <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  long pickLong(long... options) {
    return options[random.nextInt(options.length)];
  }

  String hex(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  String base64(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** {@code s} with one character replaced by another of {@code alphabet} (never '='). */
  String flipChar(String s, String alphabet) {
    int at = random.nextInt(s.length());
    char c = s.charAt(at);
    char d = c;
    while (d == c || d == '=') {
      d = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return s.substring(0, at) + d + s.substring(at + 1);
  }
}
