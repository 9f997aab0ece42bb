package com.chatcrm.language;

/**
 * The characters one of which every match of a pattern contains: a line holding none of them cannot
 * match, and one pass over it costs far less than a regex trying every position of the line.
 *
 * @param chars the characters, any one of which may let a match through
 * @param latin whether any ASCII letter lets one through too (the pattern's English words)
 */
record Screen(String chars, boolean latin) {

  static Screen anyOf(String chars) {
    return new Screen(chars, false);
  }

  static Screen anyOfOrLatin(String chars) {
    return new Screen(chars, true);
  }

  /** Whether {@code s} may hold a match: false only when it cannot. */
  boolean admits(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int lower = c | 0x20;
      if (latin && c < 0x80 && lower >= 'a' && lower <= 'z' || chars.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
